// Pure (no I/O, no clock): the period a report covers, as local days of the service's time zone.
// A day is a local calendar day (23 or 25 hours on a DST change), a week runs Monday to Sunday
// (ISO), a month is the calendar month; a custom period is from..to, both days included.
import { DateTime } from 'luxon';
import { z } from 'zod';

export const PERIOD_KINDS = ['day', 'week', 'month', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** The longest custom period: a year and a day (a leap year plus an overlap). */
export const MAX_CUSTOM_DAYS = 367;

const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD')
  .refine((d) => DateTime.fromISO(d, { zone: 'utc' }).isValid, 'is not a real calendar day');

/** What the request says about the period (query string). */
export const PeriodQuerySchema = z.object({
  period: z.enum(PERIOD_KINDS).default('day').describe('day, week (Mon–Sun), month, or custom (from..to)'),
  date: LocalDate.optional().describe('a day inside the period (YYYY-MM-DD, local); default today'),
  from: LocalDate.optional().describe('custom period: first day (YYYY-MM-DD, local, included)'),
  to: LocalDate.optional().describe('custom period: last day (YYYY-MM-DD, local, included)'),
});
export type PeriodQuery = z.infer<typeof PeriodQuerySchema>;

/** [from, until) in epoch ms, and the local days it spans. */
export interface ReportPeriod {
  kind: PeriodKind;
  zone: string;
  /** First local day, YYYY-MM-DD. */
  firstDay: string;
  /** Last local day, included. */
  lastDay: string;
  from: number;
  until: number;
}

export type PeriodResult = { ok: true; period: ReportPeriod } | { ok: false; reason: string };

/** Resolves the period in `zone`; `now` picks "today" when no date is given. */
export function resolvePeriod(q: PeriodQuery, zone: string, now: number): PeriodResult {
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  const dayOf = (d: string | undefined) => (d ? DateTime.fromISO(d, { zone }).startOf('day') : today);
  if (q.period !== 'custom' && (q.from || q.to))
    return { ok: false, reason: 'from and to are for period=custom; use date for day, week and month' };
  let first: DateTime;
  let after: DateTime;
  switch (q.period) {
    case 'day':
      first = dayOf(q.date);
      after = first.plus({ days: 1 });
      break;
    case 'week':
      first = dayOf(q.date).startOf('week');
      after = first.plus({ weeks: 1 });
      break;
    case 'month':
      first = dayOf(q.date).startOf('month');
      after = first.plus({ months: 1 });
      break;
    case 'custom': {
      if (!q.from || !q.to)
        return { ok: false, reason: 'a custom period needs both from and to (YYYY-MM-DD)' };
      first = dayOf(q.from);
      const last = dayOf(q.to);
      if (last < first) return { ok: false, reason: `to (${q.to}) is before from (${q.from})` };
      after = last.plus({ days: 1 });
      const days = Math.round(after.diff(first, 'days').days);
      if (days > MAX_CUSTOM_DAYS)
        return {
          ok: false,
          reason: `a custom period is at most ${MAX_CUSTOM_DAYS} days (asked for ${days})`,
        };
      break;
    }
  }
  return {
    ok: true,
    period: {
      kind: q.period,
      zone,
      firstDay: first.toISODate() ?? '',
      lastDay: after.minus({ days: 1 }).toISODate() ?? '',
      from: first.toMillis(),
      until: after.toMillis(),
    },
  };
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The local date (YYYY-MM-DD) of an instant in `zone` (Intl, cached: reports call it per row). */
export function localDay(t: number | Date, zone: string): string {
  let format = dayFormats.get(zone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(zone, format);
  }
  return format.format(typeof t === 'number' ? t : t.getTime());
}

/** Monday 00:00 local of the week containing t, as epoch ms. */
export function weekStart(t: number, zone: string): number {
  return DateTime.fromMillis(t, { zone }).startOf('week').toMillis();
}

/** Adds whole local weeks (DST-correct). */
export function plusWeeks(t: number, weeks: number, zone: string): number {
  return DateTime.fromMillis(t, { zone }).plus({ weeks }).toMillis();
}
