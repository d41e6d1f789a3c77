// Reports: the figures of the reports API by day/week/month and service, as a table and a bar
// chart, with the same report as CSV.
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
const PERIODS = ['day', 'week', 'month'] as const;

/** Top-level numeric figures: what a table row and a bar can show. */
function numbers(figures: Record<string, unknown> | undefined): [string, number][] {
  return Object.entries(figures ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number');
}

export function ReportsPage(_props: { me: Me }) {
  const { t } = useI18n();
  const [report, setReport] = useState<(typeof REPORTS)[number]>('traffic');
  const [period, setPeriod] = useState<(typeof PERIODS)[number]>('day');
  const [date, setDate] = useState(() =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Baku' }).format(Date.now()),
  );
  const query = `period=${period}&date=${date}`;
  const data = usePoll<{
    serviceId: string;
    period: { firstDay: string; lastDay: string };
    figures: Record<string, unknown>;
  }>(`/api/reports/${report}?${query}`);
  const rows = numbers(data.data?.figures);
  const counts = rows.filter(([k]) => !/Sec$|Rate$|serviceLevel$/.test(k));
  return (
    <div className="reports">
      <h1>{t('page.reports')}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('page.reports')}
          <select value={report} onChange={(e) => setReport(e.target.value as (typeof REPORTS)[number])}>
            {REPORTS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('period')}
          <select value={period} onChange={(e) => setPeriod(e.target.value as (typeof PERIODS)[number])}>
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(`period.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('from')}
          <input type="date" value={date} required onChange={(e) => setDate(e.target.value)} />
        </label>
        <a
          className="button"
          href={`/api/reports/${report}?${query}&format=csv`}
          download
          data-testid="csv-link"
        >
          {t('exportCsv')}
        </a>
      </form>
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
