// The 36-hour week: an operator's live service time (logged in and not paused, talk time
// included) summed per ISO week in the service's time zone. Weeks start Monday 00:00 local
// time, so a week containing a DST change lasts 167 or 169 hours; intervals are split there.
import { DateTime } from 'luxon';

/** One stretch of live service, wall-clock epoch ms; `end` absent while it is still running. */
export interface LiveInterval {
  readonly start: number;
  readonly end?: number;
}

export interface WeekBounds {
  /** Monday 00:00 local, epoch ms. */
  readonly start: number;
  /** The next Monday 00:00 local, epoch ms (exclusive). */
  readonly end: number;
}

export interface WeeklyLimits {
  readonly capHours: number;
  readonly warnHours: number;
}

export interface WeeklyStatus {
  readonly week: WeekBounds;
  readonly seconds: number;
  readonly nearCap: boolean;
  readonly atCap: boolean;
}

/** The ISO week (Monday 00:00 local to the next Monday 00:00) containing instant `t`. */
export function weekContaining(t: number, timeZone: string): WeekBounds {
  const local = DateTime.fromMillis(t, { zone: timeZone });
  if (!local.isValid) throw new Error(`unknown time zone "${timeZone}" (use an IANA name such as Asia/Baku)`);
  const start = local.startOf('week');
  return { start: start.toMillis(), end: start.plus({ weeks: 1 }).toMillis() };
}

/** Splits [start, end) at every week boundary it crosses: one piece per week, in order. */
export function splitByWeek(
  start: number,
  end: number,
  timeZone: string,
): Array<{ week: WeekBounds; ms: number }> {
  const pieces: Array<{ week: WeekBounds; ms: number }> = [];
  let from = start;
  while (from < end) {
    const week = weekContaining(from, timeZone);
    const to = Math.min(end, week.end);
    pieces.push({ week, ms: to - from });
    from = to;
  }
  return pieces;
}

/** Live milliseconds inside the week containing `t`; an open interval counts up to `t`. */
export function liveMsInWeek(intervals: readonly LiveInterval[], t: number, timeZone: string): number {
  const week = weekContaining(t, timeZone);
  let ms = 0;
  for (const iv of intervals) {
    const end = Math.min(iv.end ?? t, t, week.end);
    const start = Math.max(iv.start, week.start);
    if (end > start) ms += end - start;
  }
  return ms;
}

export function weeklyStatus(
  intervals: readonly LiveInterval[],
  t: number,
  timeZone: string,
  limits: WeeklyLimits,
): WeeklyStatus {
  const week = weekContaining(t, timeZone);
  const seconds = Math.floor(liveMsInWeek(intervals, t, timeZone) / 1000);
  return {
    week,
    seconds,
    nearCap: seconds >= limits.warnHours * 3600,
    atCap: seconds >= limits.capHours * 3600,
  };
}

/** Opens a live interval at `t` unless one is already open. */
export function openLive(intervals: readonly LiveInterval[], t: number): readonly LiveInterval[] {
  const last = intervals[intervals.length - 1];
  if (last && last.end === undefined) return intervals;
  return [...intervals, { start: t }];
}

/** Closes the open live interval at `t`, if any. */
export function closeLive(intervals: readonly LiveInterval[], t: number): readonly LiveInterval[] {
  const last = intervals[intervals.length - 1];
  if (!last || last.end !== undefined) return intervals;
  return [...intervals.slice(0, -1), { start: last.start, end: Math.max(last.start, t) }];
}

/** Drops intervals that ended before the current week: they can no longer count. */
export function pruneBefore(
  intervals: readonly LiveInterval[],
  t: number,
  timeZone: string,
): readonly LiveInterval[] {
  const { start } = weekContaining(t, timeZone);
  const kept = intervals.filter((iv) => iv.end === undefined || iv.end > start);
  return kept.length === intervals.length ? intervals : kept;
}
