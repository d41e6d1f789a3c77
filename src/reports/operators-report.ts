// Per operator: calls taken on the service in the period, talk time, and live-service hours in
// each week (Monday–Sunday, local) the period touches, against the 36-hour weekly limit. Live
// service time is the operator's, across services: whole weeks are reported so the limit can be
// checked even for a one-day period.
import { sql } from 'kysely';
import { z } from 'zod';
import { localDay, plusWeeks, weekStart } from './report-period.ts';
import { type ReportScope, seconds } from './report-scope.ts';

export const WEEKLY_LIMIT_HOURS = 36;

export const OperatorsReportSchema = z.object({
  weeklyLimitHours: z.number().describe('the most live-service hours an operator may work in a week'),
  operators: z.array(
    z.object({
      operatorId: z.string(),
      calls: z.number().int().describe('calls of this service the operator took in the period'),
      talkSec: z.number().describe('total talk time: from taking the call to its end'),
      averageTalkSec: z.number().nullable().describe('talkSec ÷ calls'),
      surveyRatings: z
        .number()
        .int()
        .describe("ratings (1–5) callers gave this operator's calls in the post-call survey"),
      surveyAverage: z.number().nullable().describe('mean of those ratings, two decimals'),
      weeks: z
        .array(
          z.object({
            weekStart: z.string().describe('Monday of the week, YYYY-MM-DD local'),
            liveHours: z
              .number()
              .describe('hours logged in and not paused during that week (open intervals up to now)'),
            overLimit: z.boolean().describe('liveHours > weeklyLimitHours'),
          }),
        )
        .describe('each week the period touches'),
    }),
  ),
});
export type OperatorsReport = z.infer<typeof OperatorsReportSchema>;

interface CallsRow {
  operator_id: string;
  calls: number;
  talk: number | null;
}

interface IntervalRow {
  operator_id: string;
  started_at: Date;
  ended_at: Date | null;
}

export async function operatorsReport(scope: ReportScope): Promise<OperatorsReport> {
  const { db, serviceId, period, now } = scope;
  const weeks: number[] = [];
  for (let w = weekStart(period.from, period.zone); w < period.until; w = plusWeeks(w, 1, period.zone))
    weeks.push(w);
  const weekEnds = weeks.map((w) => plusWeeks(w, 1, period.zone));
  const end = weekEnds[weekEnds.length - 1] ?? period.until;
  // Three independent reads, side by side.
  const [calls, survey, intervals] = await Promise.all([
    sql<CallsRow>`
    SELECT q.operator_id, count(*)::int AS calls,
           sum(extract(epoch FROM greatest(c.ended_at - q.left_at, interval '0')))::float8 AS talk
    FROM calls c JOIN queue_entries q ON q.call_id = c.id
    WHERE c.service_id = ${serviceId} AND q.state = 'connected' AND q.operator_id IS NOT NULL
      AND c.started_at >= ${new Date(period.from)} AND c.started_at < ${new Date(period.until)}
    GROUP BY q.operator_id`.execute(db),
    sql<{ operator_id: string; n: number; avg: number }>`
    SELECT operator_id, count(*)::int AS n, avg(answer::int)::float8 AS avg FROM survey_answers
    WHERE service_id = ${serviceId} AND question = 'rating' AND answer <> 'no-answer' AND operator_id IS NOT NULL
      AND answered_at >= ${new Date(period.from)} AND answered_at < ${new Date(period.until)}
    GROUP BY operator_id`.execute(db),
    sql<IntervalRow>`
    SELECT operator_id, started_at, ended_at FROM operator_live_intervals
    WHERE started_at < ${new Date(end)} AND (ended_at IS NULL OR ended_at > ${new Date(weeks[0] ?? period.from)})`.execute(
      db,
    ),
  ]);
  const ratings = new Map(survey.rows.map((r) => [r.operator_id, r]));

  const live = new Map<string, number[]>();
  for (const i of intervals.rows) {
    const s = i.started_at.getTime();
    const e = i.ended_at ? i.ended_at.getTime() : now;
    const perWeek = live.get(i.operator_id) ?? weeks.map(() => 0);
    weeks.forEach((w, k) => {
      const wEnd = weekEnds[k] ?? w;
      perWeek[k] = (perWeek[k] ?? 0) + Math.max(0, Math.min(e, wEnd) - Math.max(s, w));
    });
    live.set(i.operator_id, perWeek);
  }
  const byCalls = new Map(calls.rows.map((r) => [r.operator_id, r]));
  const ids = [...new Set([...byCalls.keys(), ...live.keys(), ...ratings.keys()])].sort();
  return {
    weeklyLimitHours: WEEKLY_LIMIT_HOURS,
    operators: ids.map((operatorId) => {
      const c = byCalls.get(operatorId);
      const talk = c?.talk ?? 0;
      const perWeek = live.get(operatorId) ?? weeks.map(() => 0);
      return {
        operatorId,
        calls: c?.calls ?? 0,
        talkSec: seconds(talk) ?? 0,
        averageTalkSec: c?.calls ? seconds(talk / c.calls) : null,
        surveyRatings: ratings.get(operatorId)?.n ?? 0,
        surveyAverage: ratings.has(operatorId)
          ? Math.round((ratings.get(operatorId)?.avg ?? 0) * 100) / 100
          : null,
        weeks: weeks.map((w, k) => {
          const liveHours = Math.round(((perWeek[k] ?? 0) / 3_600_000) * 100) / 100;
          return {
            weekStart: localDay(w, period.zone),
            liveHours,
            overLimit: liveHours > WEEKLY_LIMIT_HOURS,
          };
        }),
      };
    }),
  };
}
