// Reports: the figures of the reports API for a service and a day, week, month or custom from–to
// range, as a table and a bar chart, with the same report as CSV.
import { useState } from 'react';
import { useI18n } from '../i18n.ts';
import type { Me } from '../session.ts';
import { LoadProblem, usePoll } from '../ui.tsx';
import { BarChart } from './bar-chart.tsx';
import { ReportLists } from './report-lists.tsx';

const REPORTS = [
  'traffic',
  'lost-calls',
  'callbacks',
  'escalations',
  'operators',
  'appeals',
  'survey',
] as const;
const PERIODS = ['day', 'week', 'month', 'custom'] as const;
type Period = (typeof PERIODS)[number];

interface Service {
  id: string;
  number: string;
  name: Record<string, string>;
}

/** Top-level numeric figures: what a table row and a bar can show. */
function numbers(figures: Record<string, unknown> | undefined): [string, number][] {
  return Object.entries(figures ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number');
}

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Baku' }).format(Date.now());

/** The query of the report asked for; undefined while a custom range is not whole yet. */
export function reportQuery(q: {
  service: string;
  period: Period;
  date: string;
  from: string;
  to: string;
}): string | undefined {
  const params = new URLSearchParams();
  if (q.service) params.set('service', q.service);
  params.set('period', q.period);
  if (q.period === 'custom') {
    if (!q.from || !q.to) return undefined;
    params.set('from', q.from);
    params.set('to', q.to);
  } else if (q.date) params.set('date', q.date);
  return params.toString();
}

export function ReportsPage(_props: { me: Me }) {
  const { t, language } = useI18n();
  const [report, setReport] = useState<(typeof REPORTS)[number]>('traffic');
  const [period, setPeriod] = useState<Period>('day');
  const [date, setDate] = useState(today);
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const services = usePoll<{ services: Service[] }>('/api/services');
  const [service, setService] = useState('');
  const query = reportQuery({ service, period, date, from, to });
  const data = usePoll<{
    serviceId: string;
    period: { firstDay: string; lastDay: string };
    figures: Record<string, unknown>;
  }>(query === undefined ? undefined : `/api/reports/${report}?${query}`);
  const rows = numbers(data.data?.figures);
  const counts = rows.filter(([k]) => !/Sec$|Rate$|serviceLevel$/.test(k));
  return (
    <div className="reports">
      <h1>{t('page.reports')}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('report')}
          <select
            name="report"
            value={report}
            onChange={(e) => setReport(e.target.value as (typeof REPORTS)[number])}
          >
            {REPORTS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('service')}
          <select name="service" value={service} onChange={(e) => setService(e.target.value)}>
            {(services.data?.services ?? []).map((s, i) => (
              // The first service is the API's default: chosen as '' so the page works before the list.
              <option key={s.id} value={i === 0 ? '' : s.id}>
                {s.number} · {s.name[language] ?? s.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('period')}
          <select name="period" value={period} onChange={(e) => setPeriod(e.target.value as Period)}>
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(`period.${p}`)}
              </option>
            ))}
          </select>
        </label>
        {period === 'custom' ? (
          <>
            <label>
              {t('from')}
              <input
                type="date"
                name="from"
                value={from}
                max={to || undefined}
                required
                onChange={(e) => setFrom(e.target.value)}
              />
            </label>
            <label>
              {t('to')}
              <input
                type="date"
                name="to"
                value={to}
                min={from || undefined}
                required
                onChange={(e) => setTo(e.target.value)}
              />
            </label>
          </>
        ) : (
          <label>
            {t('dayInPeriod')}
            <input type="date" name="date" value={date} required onChange={(e) => setDate(e.target.value)} />
          </label>
        )}
        {query !== undefined && (
          <a
            className="button"
            href={`/api/reports/${report}?${query}&format=csv`}
            download
            data-testid="csv-link"
          >
            {t('exportCsv')}
          </a>
        )}
      </form>
      <LoadProblem result={services.result} />
      <LoadProblem result={data.result} />
      {data.data && (
        <div className="report-body">
          <section aria-labelledby="report-table" className="panel">
            <h2 id="report-table">
              {report} · {data.data.serviceId} · {data.data.period.firstDay} – {data.data.period.lastDay}
            </h2>
            <table data-testid="report-table">
              <thead>
                <tr>
                  <th scope="col">{t('figure')}</th>
                  <th scope="col">{t('value')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(([k, v]) => (
                  <tr key={k}>
                    <th scope="row">{k}</th>
                    <td>{Number.isInteger(v) ? v : v.toFixed(2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="report-chart" className="panel">
            <h2 id="report-chart">{report}</h2>
            <BarChart data={counts} />
          </section>
          <ReportLists figures={data.data.figures} />
        </div>
      )}
    </div>
  );
}
