// Today's figures for the wallboard, from the reports API (period=day, the service's time zone).
import { useI18n } from '../i18n.ts';
import { LoadProblem, usePoll } from '../ui.tsx';

interface Traffic {
  offered: number;
  answeredByOperator: number;
  averageWaitSec: number | null;
  serviceLevel: number | null;
  shortAbandons: number;
  lostCalls: number;
}

export function TodaysFigures() {
  const { t } = useI18n();
  const traffic = usePoll<{ figures: Traffic }>('/api/reports/traffic', 10_000);
  const lost = usePoll<{ figures: { calledBackSameDay: number } }>('/api/reports/lost-calls', 10_000);
  const escalations = usePoll<{ figures: { unanswered: number } }>('/api/reports/escalations', 10_000);
  const bookings = usePoll<{ callbacks: unknown[] }>(
    `/api/callbacks?kind=booked&date=${new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Baku' }).format(Date.now())}`,
    10_000,
  );
  const f = traffic.data?.figures;
  const rows: [Parameters<typeof t>[0], string][] = [
    ['fig.offered', String(f?.offered ?? '—')],
    ['fig.answered', String(f?.answeredByOperator ?? '—')],
    ['fig.averageWait', f?.averageWaitSec != null ? `${f.averageWaitSec.toFixed(1)} s` : '—'],
    ['fig.serviceLevel', f?.serviceLevel != null ? `${Math.round(f.serviceLevel * 100)} %` : '—'],
    ['fig.shortAbandons', String(f?.shortAbandons ?? '—')],
    ['fig.lostCalls', String(f?.lostCalls ?? '—')],
    ['fig.calledBackSameDay', String(lost.data?.figures.calledBackSameDay ?? '—')],
    ['fig.bookingsDue', String(bookings.data?.callbacks.length ?? '—')],
    ['fig.escalationsOpen', String(escalations.data?.figures.unanswered ?? '—')],
  ];
  return (
    <section aria-labelledby="wb-today" className="panel">
      <h2 id="wb-today">{t('todaysFigures')}</h2>
      <LoadProblem result={traffic.result} />
      <dl className="figures">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{t(k)}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
