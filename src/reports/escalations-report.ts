// Urgent matters escalated in the period (by the time they were raised) and how long it took a
// person to answer; referrals out of competence (calls the menu referred to another body).
import { sql } from 'kysely';
import { z } from 'zod';
import { type ReportScope, seconds } from './report-scope.ts';

export const EscalationsReportSchema = z.object({
  escalations: z.number().int().describe('urgent matters raised (threat to life, health or liberty)'),
  answered: z.number().int().describe('escalations a person answered (an operator or the duty phone)'),
  unanswered: z.number().int().describe('escalations nobody answered'),
  dutyPhoneRung: z.number().int().describe('escalations for which the duty phone was rung'),
  webhookDelivered: z.number().int().describe('escalations whose webhook was delivered'),
  webhookFailed: z.number().int().describe('escalations whose webhook failed every attempt'),
  averageTimeToPersonSec: z
    .number()
    .nullable()
    .describe('mean time from raising the escalation to a person answering (answered ones)'),
  p90TimeToPersonSec: z.number().nullable().describe('90th percentile of that time'),
  byReason: z
    .array(z.object({ reason: z.string(), count: z.number().int() }))
    .describe('escalations by the matter chosen in the menu'),
  referrals: z
    .number()
    .int()
    .describe("calls referred out of competence (call outcome 'referred': informed and redirected)"),
});
export type EscalationsReport = z.infer<typeof EscalationsReportSchema>;

interface EscalationRow {
  escalations: number;
  answered: number;
  rung: number;
  delivered: number;
  failed: number;
  avg_reach: number | null;
  p90_reach: number | null;
}

export async function escalationsReport(scope: ReportScope): Promise<EscalationsReport> {
  const { db, serviceId, period } = scope;
  const from = new Date(period.from);
  const until = new Date(period.until);
  const [totals, byReason, referrals] = await Promise.all([
    sql<EscalationRow>`
    WITH e AS (
      SELECT *, extract(epoch FROM answered_at - raised_at) AS reach FROM escalations
      WHERE service_id = ${serviceId} AND raised_at >= ${from} AND raised_at < ${until}
    )
    SELECT count(*)::int AS escalations,
           count(answered_at)::int AS answered,
           count(duty_rung_at)::int AS rung,
           count(*) FILTER (WHERE webhook_status = 'delivered')::int AS delivered,
           count(*) FILTER (WHERE webhook_status = 'failed')::int AS failed,
           avg(reach)::float8 AS avg_reach,
           (percentile_cont(0.9) WITHIN GROUP (ORDER BY reach))::float8 AS p90_reach
    FROM e`.execute(db),
    sql<{ reason: string; count: number }>`
    SELECT reason, count(*)::int AS count FROM escalations
    WHERE service_id = ${serviceId} AND raised_at >= ${from} AND raised_at < ${until}
    GROUP BY reason ORDER BY count DESC, reason`.execute(db),
    sql<{ n: number }>`
    SELECT count(*)::int AS n FROM calls
    WHERE service_id = ${serviceId} AND started_at >= ${from} AND started_at < ${until}
      AND outcome = 'referred'`.execute(db),
  ]);
  const t = totals.rows[0] as EscalationRow;
  return {
    escalations: t.escalations,
    answered: t.answered,
    unanswered: t.escalations - t.answered,
    dutyPhoneRung: t.rung,
    webhookDelivered: t.delivered,
    webhookFailed: t.failed,
    averageTimeToPersonSec: seconds(t.avg_reach),
    p90TimeToPersonSec: seconds(t.p90_reach),
    byReason: byReason.rows,
    referrals: referrals.rows[0]?.n ?? 0,
  };
}
