// The wrap-up after a call: registers the appeal (or updates the one named) and says how it was
// handled; the timer shows how much of the wrap-up time is left before the next call may come.
import { type FormEvent, useEffect, useState } from 'react';
import { post } from '../api.ts';
import { labelOf, useI18n } from '../i18n.ts';
import { duration, Problem, usePoll } from '../ui.tsx';
import { CATEGORIES, type ScreenPop } from './desk-types.ts';

const OUTCOMES = ['registered', 'answered-directly', 'forwarded', 'referred-elsewhere'] as const;
type Outcome = (typeof OUTCOMES)[number];

export function WrapUpPanel(props: {
  pop: ScreenPop | undefined;
  deadline: number | undefined;
  now: number;
}) {
  const { t, language } = useI18n();
  const units = usePoll<{ units: { id: string; name: Record<string, string> }[] }>('/api/units');
  const [category, setCategory] = useState<(typeof CATEGORIES)[number]>('complaint');
  const [summary, setSummary] = useState('');
  const [outcome, setOutcome] = useState<Outcome>('forwarded');
  const [unitId, setUnitId] = useState('');
  const [referredTo, setReferredTo] = useState('');
  const [regNo, setRegNo] = useState('');
  const [needsStudy, setNeedsStudy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState<string>();
  const pop = props.pop;

  // A new call starts a fresh form; an urgent one is pre-set as urgent.
  useEffect(() => {
    setDone(undefined);
    setProblem(undefined);
    setSummary('');
    setRegNo('');
    if (pop?.urgent) setCategory('urgent');
  }, [pop]);
  useEffect(() => {
    const first = units.data?.units[0];
    if (first && !unitId) setUnitId(first.id);
  }, [units.data, unitId]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!pop) return;
    const r = await post<{ regNo?: string; appeal?: { regNo: string } }>('/api/desk/wrap-up', {
      workId: pop.workId,
      category,
      summary,
      outcome,
      ...(outcome === 'forwarded' && unitId ? { unitId } : {}),
      ...(outcome === 'answered-directly' ? { result: summary } : {}),
      ...(outcome === 'referred-elsewhere' ? { referredTo } : {}),
      ...(regNo.trim() ? { regNo: regNo.trim() } : {}),
      ...(needsStudy ? { needsStudy } : {}),
    });
    if (r.ok) {
      setProblem(undefined);
      setDone(r.data.regNo ?? r.data.appeal?.regNo ?? '');
    } else setProblem(r.message);
  };

  const left = props.deadline !== undefined ? props.deadline - props.now : undefined;
  return (
    <section aria-labelledby="wrap-title" className="panel">
      <h2 id="wrap-title">{t('wrapUp')}</h2>
      {left !== undefined && (
        <p className={`timer${left < 10_000 ? ' timer-low' : ''}`} role="timer" data-testid="wrap-up-timer">
          {t('wrapUpTimer')}: {duration(left)}
        </p>
      )}
      {!pop && <p>{t('noCall')}</p>}
      {pop && (
        <form onSubmit={(e) => void submit(e)} className="form-grid">
          <label>
            {t('category')}
            <select
              name="category"
              value={category}
              onChange={(e) => setCategory(e.target.value as (typeof CATEGORIES)[number])}
            >
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {labelOf(t, 'category', c)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('outcome')}
            <select name="outcome" value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome)}>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {labelOf(t, 'outcome', o)}
                </option>
              ))}
            </select>
          </label>
          <label className="wide">
            {t('summary')}
            <textarea
              name="summary"
              required
              rows={3}
              value={summary}
              onChange={(e) => setSummary(e.target.value)}
            />
          </label>
          {outcome === 'forwarded' && (
            <label>
              {t('unit')}
              <select name="unitId" value={unitId} onChange={(e) => setUnitId(e.target.value)}>
                {(units.data?.units ?? []).map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name[language] ?? u.name.az ?? u.id}
                  </option>
                ))}
              </select>
            </label>
          )}
          {outcome === 'referred-elsewhere' && (
            <label>
              {t('referredTo')}
              <input required value={referredTo} onChange={(e) => setReferredTo(e.target.value)} />
            </label>
          )}
          <label>
            {t('updateAppeal')}
            <input
              value={regNo}
              placeholder={pop.openAppeals[0]?.regNo ?? '1655-2026-000123'}
              onChange={(e) => setRegNo(e.target.value)}
            />
          </label>
          <label className="check">
            <input type="checkbox" checked={needsStudy} onChange={(e) => setNeedsStudy(e.target.checked)} />
            {t('needsStudy')}
          </label>
          <Problem message={problem} />
          {done !== undefined && (
            <p role="status" className="ok" data-testid="wrap-up-done">
              {t('registered')} {done}
            </p>
          )}
          <button type="submit" disabled={done !== undefined}>
            {t('registerAppeal')}
          </button>
        </form>
      )}
    </section>
  );
}
