// Appeals registered in the period (the registration-control sheet, src/appeals): by category,
// present status and responsible unit; how many are open past their deadline; the time to answer;
// and the appeals out of competence (referred to another body).
import { sql } from 'kysely';
import { z } from 'zod';
import type { ReportScope } from './report-scope.ts';

/** An appeal still awaiting its answer (src/appeals/appeal-transitions.ts). */
const OPEN = ['registered', 'forwarded', 'in-review'];

export const AppealsReportSchema = z.object({
  registered: z.number().int().describe('appeals registered in the period'),
  byCategory: z
    .array(z.object({ category: z.string(), count: z.number().int() }))
    .describe('question, complaint, proposal, information, out-of-competence, urgent'),
  byStatus: z.array(z.object({ status: z.string(), count: z.number().int() })).describe('present status'),
  byUnit: z
    .array(z.object({ unit: z.string(), count: z.number().int() }))
    .describe('responsible unit (forwarded appeals); "none" for those never forwarded'),
  open: z.number().int().describe('still registered, forwarded or in review'),
  overdue: z.number().int().describe('open appeals whose deadline has passed (as of now)'),
  answered: z
    .number()
    .int()
    .describe('appeals with a result (answered, answered directly, referred, left unexamined)'),
  answeredLate: z.number().int().describe('answered after their deadline'),
  averageDaysToAnswer: z
    .number()
    .nullable()
    .describe('mean time from registration to the result, in days (calendar days, one decimal)'),
  outOfCompetence: z
    .number()
    .int()
    .describe(
      'appeals of category out-of-competence or referred to another body (status referred-elsewhere)',
    ),
});
export type AppealsReport = z.infer<typeof AppealsReportSchema>;

interface TotalsRow {
  registered: number;
  open: number;
  overdue: number;
  answered: number;
  late: number;
  avg_days: number | null;
  out_of_competence: number;
}

export async function appealsReport(scope: ReportScope): Promise<AppealsReport> {
  const { db, serviceId, period, now } = scope;
  const from = new Date(period.from);
  const until = new Date(period.until);
  const inPeriod = sql`service_id = ${serviceId} AND registered_at >= ${from} AND registered_at < ${until}`;
  const open = sql.join(OPEN.map((s) => sql`${s}`));
  const [totals, byCategory, byStatus, byUnit] = await Promise.all([
    sql<TotalsRow>`
    SELECT count(*)::int AS registered,
           count(*) FILTER (WHERE status IN (${open}))::int AS open,
           count(*) FILTER (WHERE status IN (${open}) AND deadline <= ${new Date(now)})::int AS overdue,
           count(result_at)::int AS answered,
           count(*) FILTER (WHERE result_at > deadline)::int AS late,
           (avg(extract(epoch FROM result_at - registered_at)) / 86400)::float8 AS avg_days,
           count(*) FILTER (WHERE category = 'out-of-competence' OR status = 'referred-elsewhere'
             OR referral_sent_at IS NOT NULL)::int AS out_of_competence
    FROM appeals WHERE ${inPeriod}`.execute(db),
    sql<{ category: string; count: number }>`
    SELECT category, count(*)::int AS count FROM appeals WHERE ${inPeriod} GROUP BY 1 ORDER BY 1`.execute(db),
    sql<{ status: string; count: number }>`
    SELECT status, count(*)::int AS count FROM appeals WHERE ${inPeriod} GROUP BY 1 ORDER BY 1`.execute(db),
    sql<{ unit: string; count: number }>`
    SELECT coalesce(unit_id, 'none') AS unit, count(*)::int AS count FROM appeals WHERE ${inPeriod}
    GROUP BY 1 ORDER BY 1`.execute(db),
  ]);
  const t = totals.rows[0] as TotalsRow;
  return {
    registered: t.registered,
    byCategory: byCategory.rows,
    byStatus: byStatus.rows,
    byUnit: byUnit.rows,
    open: t.open,
    overdue: t.overdue,
    answered: t.answered,
    answeredLate: t.late,
    averageDaysToAnswer: t.avg_days === null ? null : Math.round(t.avg_days * 10) / 10,
    outOfCompetence: t.out_of_competence,
  };
}
