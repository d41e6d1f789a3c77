// Calls offered and what became of them, the wait for an operator and the service level. Every
// call counts once, in the period (local day) it started; the queue figures read the queue entry
// the engine wrote when the caller left the queue (its state carries the 10-second rule as the
// engine applied it, on its monotonic clock).
import { sql } from 'kysely';
import { z } from 'zod';
import { type ReportScope, ratio, seconds } from './report-scope.ts';

export const TrafficReportSchema = z.object({
  offered: z.number().int().describe('calls that reached the service (one per inbound call, by start time)'),
  ivrOnly: z
    .number()
    .int()
    .describe('offered calls that never asked for an operator (served by the menu alone)'),
  askedForOperator: z
    .number()
    .int()
    .describe('offered calls that joined the operator queue (pressed 0, chose an operator item, or urgent)'),
  answeredByOperator: z.number().int().describe('calls an operator took'),
  urgent: z.number().int().describe('calls that joined the queue as urgent'),
  shortAbandons: z
    .number()
    .int()
    .describe('callers who hung up in the queue after waiting the threshold (10 s) or less'),
  lostCalls: z
    .number()
    .int()
    .describe('callers who hung up in the queue after waiting MORE than the threshold'),
  leftForCallback: z.number().int().describe('callers who left the queue by booking a callback'),
  stillWaiting: z.number().int().describe('callers in the queue when the report was made'),
  referred: z.number().int().describe("calls ended by a referral out of competence (outcome 'referred')"),
  callbackBooked: z.number().int().describe('calls that booked a callback in the menu'),
  averageWaitSec: z
    .number()
    .nullable()
    .describe('mean wait of answered calls, from joining the queue to the operator taking the call'),
  p90WaitSec: z.number().nullable().describe('90th percentile of that wait (continuous percentile)'),
  serviceLevelSec: z.number().describe('the service-level threshold used (query serviceLevelSec)'),
  answeredWithinServiceLevel: z.number().int().describe('answered calls that waited serviceLevelSec or less'),
  serviceLevel: z
    .number()
    .nullable()
    .describe('answeredWithinServiceLevel ÷ askedForOperator (short abandons included in the denominator)'),
});
export type TrafficReport = z.infer<typeof TrafficReportSchema>;

interface TrafficRow {
  offered: number;
  ivr_only: number;
  asked: number;
  answered: number;
  urgent: number;
  short_abandons: number;
  lost: number;
  left: number;
  waiting: number;
  referred: number;
  booked: number;
  avg_wait: number | null;
  p90_wait: number | null;
  within_sl: number;
}

export async function trafficReport(scope: ReportScope, serviceLevelSec: number): Promise<TrafficReport> {
  const { db, serviceId, period } = scope;
  const result = await sql<TrafficRow>`
    WITH c AS (
      SELECT c.id, c.outcome, q.call_id AS queued, q.state, q.urgent,
             extract(epoch FROM q.left_at - q.joined_at) AS wait
      FROM calls c LEFT JOIN queue_entries q ON q.call_id = c.id
      WHERE c.service_id = ${serviceId}
        AND c.started_at >= ${new Date(period.from)} AND c.started_at < ${new Date(period.until)}
    )
    SELECT count(*)::int AS offered,
           count(*) FILTER (WHERE queued IS NULL)::int AS ivr_only,
           count(queued)::int AS asked,
           count(*) FILTER (WHERE state = 'connected')::int AS answered,
           count(*) FILTER (WHERE urgent)::int AS urgent,
           count(*) FILTER (WHERE state = 'abandoned')::int AS short_abandons,
           count(*) FILTER (WHERE state = 'lost')::int AS lost,
           count(*) FILTER (WHERE state = 'left')::int AS left,
           count(*) FILTER (WHERE state = 'waiting')::int AS waiting,
           count(*) FILTER (WHERE outcome = 'referred')::int AS referred,
           count(*) FILTER (WHERE outcome = 'callback-booked')::int AS booked,
           (avg(wait) FILTER (WHERE state = 'connected'))::float8 AS avg_wait,
           (percentile_cont(0.9) WITHIN GROUP (ORDER BY wait) FILTER (WHERE state = 'connected'))::float8 AS p90_wait,
           count(*) FILTER (WHERE state = 'connected' AND wait <= ${serviceLevelSec})::int AS within_sl
    FROM c`.execute(db);
  const r = result.rows[0] as TrafficRow;
  return {
    offered: r.offered,
    ivrOnly: r.ivr_only,
    askedForOperator: r.asked,
    answeredByOperator: r.answered,
    urgent: r.urgent,
    shortAbandons: r.short_abandons,
    lostCalls: r.lost,
    leftForCallback: r.left,
    stillWaiting: r.waiting,
    referred: r.referred,
    callbackBooked: r.booked,
    averageWaitSec: seconds(r.avg_wait),
    p90WaitSec: seconds(r.p90_wait),
    serviceLevelSec,
    answeredWithinServiceLevel: r.within_sl,
    serviceLevel: ratio(r.within_sl, r.asked),
  };
}
