// The operator's desk: state and the weekly live-time gauge, the screen pop of the connected call
// (from the desk's SSE stream), the wrap-up form with its timer, and the callbacks being worked.
import { useEffect, useState } from 'react';
import { put } from '../api.ts';
import { useI18n } from '../i18n.ts';
import type { Me } from '../session.ts';
import { duration, LoadProblem, Problem, useNow, usePoll, when } from '../ui.tsx';
import type { DeskMe, DeskState, ScreenPop } from './desk-types.ts';
import { ScreenPopPanel } from './screen-pop-panel.tsx';
import { WeeklyGauge } from './weekly-gauge.tsx';
import { WrapUpPanel } from './wrap-up-panel.tsx';

const PAUSE_REASONS = ['break', 'training', 'meeting'] as const;

export function DeskPage(_props: { me: Me }) {
  const { t } = useI18n();
  const desk = usePoll<DeskMe>('/api/desk/me', 10_000);
  const [live, setLive] = useState<DeskState>();
  const [pop, setPop] = useState<ScreenPop>();
  const [wrapUpDeadline, setWrapUpDeadline] = useState<number>();
  const [problem, setProblem] = useState<string>();
  const [pauseReason, setPauseReason] = useState<(typeof PAUSE_REASONS)[number]>('break');
  // The engine's clock may be shifted (`cagri demo --at`) or the browser's be wrong: /api/desk/me
  // says the server's time, a pop's `at` says it again between two polls.
  const [popSkew, setSkew] = useState(0);
  const serverTime = desk.data?.serverTime;
  const skew = serverTime ? Date.parse(serverTime) - desk.at : popSkew;
  const now = useNow() + skew;

  useEffect(() => {
    const source = new EventSource('/api/desk/events');
    const read = <T,>(e: Event) => JSON.parse((e as MessageEvent<string>).data) as T;
    source.addEventListener('screen-pop', (e) => {
      const p = read<ScreenPop>(e);
      setSkew(Date.parse(p.at) - Date.now());
      setPop(p);
      setWrapUpDeadline(undefined);
    });
    source.addEventListener('state', (e) => {
      const s = read<DeskState>(e);
      setLive(s);
      if (s.wrapUpUntil) setWrapUpDeadline(Date.parse(s.wrapUpUntil));
    });
    source.addEventListener('wrap-up', (e) =>
      setWrapUpDeadline(Date.parse(read<{ deadline: string }>(e).deadline)),
    );
    source.addEventListener('wrap-up-ended', () => setWrapUpDeadline(undefined));
    return () => source.close();
  }, []);

  const me = desk.data;
  // The stream is newer than the last poll; the poll fills in what the stream does not carry.
  const state = live ?? me;
  const current = pop ?? me?.current ?? undefined;
  const since = state ? Date.parse(state.since) : now;
  const callbacks = me?.callbacks ?? [];

  const change = async (body: { state: 'available' | 'offline' | 'paused'; reason?: string }) => {
    const r = await put('/api/me/state', body);
    setProblem(r.ok ? undefined : r.message);
    void desk.reload();
  };

  return (
    <div className="desk">
      <h1 className="sr-only">{t('page.desk')}</h1>
      <section aria-labelledby="desk-state" className="panel">
        <h2 id="desk-state">{t('state')}</h2>
        <LoadProblem result={desk.result} />
        <p className="state-line">
          <strong data-testid="operator-state" className={`state state-${state?.state ?? 'offline'}`}>
            {state ? t(`state.${state.state}`) : '—'}
          </strong>
          {state?.reason && <span> ({state.reason})</span>}
          <span className="muted"> {duration(now - since)}</span>
        </p>
        <div className="buttons">
          <button type="button" onClick={() => void change({ state: 'available' })}>
            {t('goAvailable')}
          </button>
          <label>
            <span className="sr-only">{t('pauseReason')}</span>
            <select
              value={pauseReason}
              onChange={(e) => setPauseReason(e.target.value as (typeof PAUSE_REASONS)[number])}
            >
              {PAUSE_REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`reason.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => void change({ state: 'paused', reason: pauseReason })}>
            {t('pause')}
          </button>
          <button type="button" onClick={() => void change({ state: 'offline' })}>
            {t('goOffline')}
          </button>
        </div>
        <Problem message={problem} />
        <WeeklyGauge seconds={(me?.weekly.hours ?? 0) * 3600} capHours={me?.weekly.capHours ?? 36} />
      </section>
      <ScreenPopPanel pop={current} />
      <WrapUpPanel pop={current} deadline={wrapUpDeadline} now={now} />
      <section aria-labelledby="desk-callbacks" className="panel">
        <h2 id="desk-callbacks">{t('myCallbacks')}</h2>
        {callbacks.length === 0 && <p>{t('none')}</p>}
        {callbacks.length > 0 && (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('number')}</th>
                <th scope="col">{t('callbackWhy')}</th>
                <th scope="col">{t('due')}</th>
                <th scope="col">{t('status')}</th>
              </tr>
            </thead>
            <tbody>
              {callbacks.map((c) => (
                <tr key={c.id ?? c.callbackId ?? c.dueUntil}>
                  <td>{c.destination ?? c.number ?? '—'}</td>
                  <td>{c.why ?? c.kind ?? '—'}</td>
                  <td>{when(c.dueUntil)}</td>
                  <td>{c.status ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
