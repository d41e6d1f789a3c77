// The supervisor's wallboard, live without a reload: the queue and operators pushed by the engine
// as they change (polled every 2 s while that link is down), today's figures from the reports API
// every 10 s, and the alarms they raise.
import { useI18n } from '../i18n.ts';
import type { Me } from '../session.ts';
import { duration, LoadProblem, useNow, usePoll, when } from '../ui.tsx';
import { type Alarm, alarmsOf, type CallbackRow } from './wallboard-alarms.ts';
import { TodaysFigures } from './wallboard-figures.tsx';
import { useWallboard } from './wallboard-stream.ts';

export function WallboardPage(_props: { me: Me }) {
  const { t } = useI18n();
  const { board, link, problem } = useWallboard();
  const escalations = usePoll<{ figures: { unanswered: number } }>('/api/reports/escalations', 10_000);
  // Holiday files change with a config reload, not by the second: read once per visit.
  const calendar = usePoll<{ missingHolidayYears: number[] }>('/api/calendar');
  const callbacks = usePoll<{ callbacks: CallbackRow[] }>(
    '/api/callbacks?kind=lost-call&status=scheduled',
    10_000,
  );
  // Times in state are counted on the engine's clock (shifted by `cagri demo --at`), not the browser's.
  const browserNow = useNow();
  const now = board ? browserNow + (Date.parse(board.at) - board.receivedAt) : browserNow;
  const alarms: Alarm[] = alarmsOf({
    operators: board?.operators ?? [],
    waiting: board?.waiting ?? [],
    lostCallbacks: callbacks.data?.callbacks ?? [],
    escalationsUnanswered: escalations.data?.figures.unanswered ?? 0,
    missingHolidayYears: calendar.data?.missingHolidayYears ?? [],
    now,
  });
  return (
    <div className="wallboard">
      <h1 className="sr-only">{t('page.wallboard')}</h1>
      <section aria-labelledby="wb-queue" className="panel">
        <h2 id="wb-queue">
          {t('waitingCallers')}{' '}
          <span className="count" data-testid="waiting-count">
            {board?.waiting.length ?? '—'}
          </span>
        </h2>
        <LoadProblem result={problem} />
        {board?.waiting.length === 0 && <p>{t('nobodyWaiting')}</p>}
        {(board?.waiting.length ?? 0) > 0 && (
          <table data-testid="waiting-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('wait')}</th>
                <th scope="col">{t('reason')}</th>
                <th scope="col">{t('language')}</th>
              </tr>
            </thead>
            <tbody>
              {board?.waiting.map((w) => (
                <tr key={w.callId} className={w.urgent ? 'urgent' : undefined}>
                  <td>{w.position}</td>
                  <td>{duration(now - Date.parse(w.joinedAt))}</td>
                  <td>
                    {w.urgent && <strong>{t('urgent')} </strong>}
                    {w.reason}
                  </td>
                  <td>{w.language}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="muted" data-testid="wallboard-link" data-link={link}>
          {link === 'down' ? t('streamDown') : t('streamLive')} · {t('updated')}{' '}
          {board ? when(board.at) : '—'}
        </p>
      </section>
      <section aria-labelledby="wb-ops" className="panel">
        <h2 id="wb-ops">{t('operators')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('operator')}</th>
              <th scope="col">{t('state')}</th>
              <th scope="col">{t('timeInState')}</th>
              <th scope="col">{t('weeklyLiveTime')}</th>
            </tr>
          </thead>
          <tbody>
            {(board?.operators ?? []).map((o) => (
              <tr key={o.id}>
                <td>{o.name}</td>
                <td>
                  <span className={`state state-${o.state}`}>{t(`state.${o.state}`) ?? o.state}</span>
                  {o.reason ? ` (${o.reason})` : ''}
                </td>
                <td>{duration(now - Date.parse(o.since))}</td>
                <td className={o.atCap || o.nearCap ? 'warn' : undefined}>
                  {(o.weeklySeconds / 3600).toFixed(1)} / {o.capHours} h
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <TodaysFigures />
      <section aria-labelledby="wb-alarms" className="panel">
        <h2 id="wb-alarms">{t('alarms')}</h2>
        {alarms.length === 0 ? (
          <p>{t('noAlarms')}</p>
        ) : (
          <ul className="alarms" data-testid="alarms">
            {alarms.map((a) => (
              <li key={a.key} className="alarm">
                {a.subject} — {t(a.what)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
