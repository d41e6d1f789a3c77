// Callbacks made in the period (by the time they were created): by kind and outcome, by the number
// of attempts, and the after-hours bookings — booked while the service was closed — and whether
// they were fulfilled on the next working day (the first local day the service opens after the
// booking, holidays and swapped working days included, from the service's calendar).
import { sql } from 'kysely';
import { z } from 'zod';
import { localDay } from './report-period.ts';
import { type ReportScope, ratio } from './report-scope.ts';

export const CallbacksReportSchema = z.object({
  total: z.number().int().describe('callbacks created in the period (lost-call duties and bookings)'),
  byOutcome: z
    .array(
      z.object({
        kind: z.enum(['lost-call', 'booked', 'urgent']),
        status: z.string(),
        count: z.number().int(),
      }),
    )
    .describe(
      'callbacks by kind and present status (reached, failed, expired, cancelled, scheduled, dialling)',
    ),
  byAttempts: z
    .array(
      z.object({
        kind: z.enum(['lost-call', 'booked', 'urgent']),
        attempts: z.number().int(),
        count: z.number().int(),
      }),
    )
    .describe('callbacks by kind and how many attempts were dialled'),
  afterHoursBookings: z
    .object({
      booked: z.number().int().describe('bookings made while the service was outside live hours'),
      fulfilledNextWorkingDay: z
        .number()
        .int()
        .describe('reached on the next working day after the booking (the first local day it opens)'),
      fulfilledLater: z.number().int().describe('reached after that day'),
      open: z.number().int().describe('still scheduled or being dialled'),
      notFulfilled: z.number().int().describe('failed, expired or cancelled'),
      nextWorkingDayRate: z.number().nullable().describe('fulfilledNextWorkingDay ÷ booked'),
    })
    .describe('after-hours bookings and the next-working-day rule'),
});
export type CallbacksReport = z.infer<typeof CallbacksReportSchema>;

type Kind = 'lost-call' | 'booked' | 'urgent';

interface BookingRow {
  created_at: Date;
  status: string;
  reached_at: Date | null;
}

export async function callbacksReport(scope: ReportScope): Promise<CallbacksReport> {
  const { db, serviceId, period, calendar } = scope;
  const from = new Date(period.from);
  const until = new Date(period.until);
  const [byOutcome, byAttempts, bookings] = await Promise.all([
    sql<{ kind: Kind; status: string; count: number }>`
    SELECT kind, status, count(*)::int AS count FROM callbacks
    WHERE service_id = ${serviceId} AND created_at >= ${from} AND created_at < ${until}
    GROUP BY kind, status ORDER BY kind, status`.execute(db),
    sql<{ kind: Kind; attempts: number; count: number }>`
    SELECT kind, attempts, count(*)::int AS count FROM callbacks
    WHERE service_id = ${serviceId} AND created_at >= ${from} AND created_at < ${until}
    GROUP BY kind, attempts ORDER BY kind, attempts`.execute(db),
    sql<BookingRow>`
    SELECT b.created_at, b.status, min(e.at) AS reached_at
    FROM callbacks b LEFT JOIN callback_events e ON e.callback_id = b.id AND e.to_status = 'reached'
    WHERE b.service_id = ${serviceId} AND b.kind = 'booked' AND b.created_at >= ${from} AND b.created_at < ${until}
    GROUP BY b.id ORDER BY b.created_at`.execute(db),
  ]);
  const after = { booked: 0, fulfilledNextWorkingDay: 0, fulfilledLater: 0, open: 0, notFulfilled: 0 };
  // Bookings come in time order: one closed spell [t, opening) answers for every booking in it.
  let spell: { from: number; opening: number; day: string } | undefined;
  for (const b of bookings.rows) {
    const at = b.created_at.getTime();
    // A 24/7 service (or one without hours) is never closed: it has no after-hours bookings.
    if (!calendar || calendar.alwaysOpen) break;
    if (!(spell && at >= spell.from && at < spell.opening)) {
      if (calendar.isLive(at)) continue;
      const opening = calendar.nextOpening(at);
      spell = { from: at, opening, day: localDay(opening, period.zone) };
    }
    after.booked++;
    const nextWorkingDay = spell.day;
    if (b.reached_at) {
      if (localDay(b.reached_at, period.zone) <= nextWorkingDay) after.fulfilledNextWorkingDay++;
      else after.fulfilledLater++;
    } else if (b.status === 'scheduled' || b.status === 'dialling') after.open++;
    else after.notFulfilled++;
  }
  return {
    total: byOutcome.rows.reduce((n, r) => n + r.count, 0),
    byOutcome: byOutcome.rows,
    byAttempts: byAttempts.rows,
    afterHoursBookings: { ...after, nextWorkingDayRate: ratio(after.fulfilledNextWorkingDay, after.booked) },
  };
}
