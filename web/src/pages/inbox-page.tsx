// The unit's inbox: appeals forwarded to the unit, nearest deadline first, overdue ones marked;
// open one to record the result and how the citizen was informed (the report back).
import { type FormEvent, useState } from 'react';
import { post } from '../api.ts';
import { labelOf, useI18n } from '../i18n.ts';
import type { Me } from '../session.ts';
import { LoadProblem, Problem, when } from '../ui.tsx';
import { type AppealRow, useUnitAppeals } from './unit-appeals.ts';

const FINISHED = [
  'answered-directly',
  'answered',
  'closed',
  'referred-elsewhere',
  'left-unexamined-repeated',
];
const INFORMED = ['phone', 'letter', 'email', 'sms', 'in-person'] as const;
const ms = (v: string | number) => (typeof v === 'number' ? v : Date.parse(v));

export function InboxPage(props: { me: Me }) {
  const { t } = useI18n();
  const list = useUnitAppeals(props.me.unitIds);
  const [openRegNo, setOpenRegNo] = useState<string>();
  const now = Date.now();
  const mine = [...(list.data ?? [])]
    // Open appeals first, each group by deadline: what is owed comes to the top.
    .sort(
      (a, b) =>
        Number(FINISHED.includes(a.status)) - Number(FINISHED.includes(b.status)) ||
        ms(a.deadline) - ms(b.deadline),
    );
  const open = mine.find((a) => a.regNo === openRegNo);
  return (
    <div className="inbox">
      <section aria-labelledby="inbox-title" className="panel">
        <h1 id="inbox-title">{t('page.inbox')}</h1>
        <LoadProblem result={list.result} />
        {list.data && mine.length === 0 && <p>{t('none')}</p>}
        {mine.length > 0 && (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('deadline')}</th>
                <th scope="col">№</th>
                <th scope="col">{t('category')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('summary')}</th>
                <th scope="col">
                  <span className="sr-only">{t('open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {mine.map((a) => {
                const overdue =
                  a.deadlineState === 'overdue' || (!FINISHED.includes(a.status) && ms(a.deadline) < now);
                return (
                  <tr key={a.regNo} className={overdue ? 'overdue' : undefined} data-regno={a.regNo}>
                    <td>
                      {when(a.deadline, false)}
                      {overdue && <strong className="overdue-badge"> {t('overdue')}</strong>}
                    </td>
                    <td className="nowrap">{a.regNo}</td>
                    <td>{labelOf(t, 'category', a.category)}</td>
                    <td>{labelOf(t, 'status', a.status)}</td>
                    <td className="summary">{a.summary}</td>
                    <td>
                      <button type="button" onClick={() => setOpenRegNo(a.regNo)}>
                        {t('open')} <span className="sr-only">{a.regNo}</span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      {open && <ResultForm appeal={open} onSaved={() => void list.reload()} />}
    </div>
  );
}

function ResultForm(props: { appeal: AppealRow; onSaved: () => void }) {
  const { t } = useI18n();
  const [result, setResult] = useState('');
  const [how, setHow] = useState<(typeof INFORMED)[number]>('phone');
  const [problem, setProblem] = useState<string>();
  const [saved, setSaved] = useState(false);
  const a = props.appeal;
  const finished = FINISHED.includes(a.status);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const url = `/api/appeals/${encodeURIComponent(a.regNo)}/transitions`;
    // A forwarded appeal is taken into review first: the registry allows the answer from there.
    if (a.status === 'forwarded') {
      const r = await post(url, { to: 'in-review' });
      if (!r.ok) return setProblem(r.message);
    }
    // Informed now: the server's clock stamps it (this browser's clock may be ahead of it).
    const r = await post(url, { to: 'answered', result, citizenInformed: { how } });
    if (!r.ok) return setProblem(r.message);
    setProblem(undefined);
    setSaved(true);
    props.onSaved();
  };
  return (
    <section aria-labelledby="appeal-title" className="panel">
      <h2 id="appeal-title">{a.regNo}</h2>
      <p>{a.summary}</p>
      <p>
        {t('status')}: <strong data-testid="appeal-status">{labelOf(t, 'status', a.status)}</strong>
        {a.result && (
          <>
            {' '}
            — {t('result')}: {a.result}
          </>
        )}
      </p>
      {!finished && (
        <form onSubmit={(e) => void submit(e)} className="form-grid">
          <label className="wide">
            {t('result')}
            <textarea
              name="result"
              required
              rows={3}
              value={result}
              onChange={(e) => setResult(e.target.value)}
            />
          </label>
          <label>
            {t('informedHow')}
            <select
              name="informedHow"
              value={how}
              onChange={(e) => setHow(e.target.value as (typeof INFORMED)[number])}
            >
              {INFORMED.map((i) => (
                <option key={i} value={i}>
                  {labelOf(t, 'informed', i)}
                </option>
              ))}
            </select>
          </label>
          <Problem message={problem} />
          <button type="submit">{t('recordResult')}</button>
        </form>
      )}
      {saved && <p role="status">{t('saved')}</p>}
    </section>
  );
}
