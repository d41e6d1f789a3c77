// Lost calls (waited more than the threshold, hung up) and what followed each: called back the
// same day (the regulatory figure), called again and served, called back later, still pending,
// never. A lost call belongs to the period in which its call started.
import { sql } from 'kysely';
import { z } from 'zod';
import { LOST_CALL_FOLLOWUPS, type LostCallFollowup, lostCallFollowup } from './lost-call-followup.ts';
import { localDay as localDayOf } from './report-period.ts';
import { type ReportScope, ratio, seconds } from './report-scope.ts';

export const LostCallsReportSchema = z.object({
  lostCalls: z.number().int().describe('lost calls: waited more than the threshold (10 s) and hung up'),
  calledBackSameDay: z
    .number()
    .int()
    .describe('lost calls whose callback reached the citizen on the local day they hung up'),
  calledAgainSameDay: z
    .number()
    .int()
    .describe('lost calls not called back that day whose citizen called again that day and was served'),
  calledBackLater: z.number().int().describe('lost calls whose callback reached the citizen on a later day'),
  pending: z.number().int().describe('lost calls whose callback is still scheduled or being dialled'),
  never: z
    .number()
    .int()
    .describe('lost calls never called back (no callback, or it failed, expired or was cancelled)'),
  sameDayRate: z
    .number()
    .nullable()
    .describe(
      'calledBackSameDay ÷ (lostCalls − calledAgainSameDay): the share of owed callbacks made the same day',
    ),
  averageWaitSec: z.number().nullable().describe('mean wait of the lost calls before they hung up'),
  byDay: z
    .array(
      z.object({
        day: z.string().describe('local day YYYY-MM-DD'),
        lostCalls: z.number().int(),
        calledBackSameDay: z.number().int(),
      }),
    )
    .describe('the same figures per local day'),
});
export type LostCallsReport = z.infer<typeof LostCallsReportSchema>;

interface LostRow {
  hung_up_at: Date;
  waited_ms: number;
  status: string | null;
  reached_at: Date | null;
  called_again_at: Date | null;
}

export async function lostCallsReport(scope: ReportScope): Promise<LostCallsReport> {
  const { db, serviceId, period } = scope;
  const { rows } = await sql<LostRow>`
    SELECT l.hung_up_at, l.waited_ms, cb.status,
      (SELECT min(e.at) FROM callback_events e
        WHERE e.callback_id = cb.id AND e.to_status = 'reached') AS reached_at,
      (SELECT min(c2.started_at) FROM calls c2
        WHERE c2.service_id = l.service_id AND c2.caller_number = l.caller_number
          AND c2.started_at > l.hung_up_at
          AND (EXISTS (SELECT 1 FROM queue_entries q2 WHERE q2.call_id = c2.id AND q2.state = 'connected')
               OR EXISTS (SELECT 1 FROM callbacks b2 WHERE b2.source_call_id = c2.id AND b2.kind = 'booked'))
      ) AS called_again_at
    FROM lost_calls l
    JOIN calls c ON c.id = l.call_id
    LEFT JOIN callbacks cb ON cb.id = coalesce(l.callback_id,
      (SELECT b.id FROM callbacks b WHERE b.source_call_id = l.call_id AND b.kind = 'lost-call'
        ORDER BY b.created_at LIMIT 1))
    WHERE l.service_id = ${serviceId}
      AND c.started_at >= ${new Date(period.from)} AND c.started_at < ${new Date(period.until)}`.execute(db);

  const counts = Object.fromEntries(LOST_CALL_FOLLOWUPS.map((k) => [k, 0])) as Record<
    LostCallFollowup,
    number
  >;
  const days = new Map<string, { lostCalls: number; calledBackSameDay: number }>();
  let waited = 0;
  for (const r of rows) {
    const followup = lostCallFollowup(
      {
        hungUpAt: r.hung_up_at,
        reachedAt: r.reached_at,
        callbackOpen: r.status === 'scheduled' || r.status === 'dialling',
        calledAgainAt: r.called_again_at,
      },
      period.zone,
    );
    counts[followup]++;
    waited += r.waited_ms;
    const day = localDayOf(r.hung_up_at, period.zone);
    const d = days.get(day) ?? { lostCalls: 0, calledBackSameDay: 0 };
    d.lostCalls++;
    if (followup === 'same-day') d.calledBackSameDay++;
    days.set(day, d);
  }
  return {
    lostCalls: rows.length,
    calledBackSameDay: counts['same-day'],
    calledAgainSameDay: counts['called-again'],
    calledBackLater: counts.later,
    pending: counts.pending,
    never: counts.never,
    sameDayRate: ratio(counts['same-day'], rows.length - counts['called-again']),
    averageWaitSec: rows.length ? seconds(waited / rows.length / 1000) : null,
    byDay: [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, d]) => ({ day, ...d })),
  };
}
