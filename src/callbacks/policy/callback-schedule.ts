// When a callback is due, and when its next attempt may be made. Pure: the caller passes the time
// and the service's calendar; nothing here reads a clock.
//
// Decisions (the regulation says: a lost call is called back the SAME day; a booking is made on the
// next working day):
// - Lost call during live hours: due from hang-up + grace (the caller's chance to ring back and
//   cancel it) until today's live period closes (24/7: the end of the local day).
// - Grace would end too late (lost at 17:59 with 2 min grace): the grace is shortened so the
//   attempt still starts at least `minAttemptSec` before closing; an attempt that cannot even
//   ring an operator and the citizen is worthless. Less than `minAttemptSec` left (or lost after
//   closing, e.g. a caller who kept waiting past 18:00): carried over to the next live period with
//   a recorded reason, never dropped; the report shows these as missed "same day" targets.
// - Booking outside live hours: the whole next live period (the next working day, after holidays).
//   Booking during live hours (e.g. "press 9 for a callback" while queued): due now until today's
//   live period closes, if at least `minAttemptSec` remain; otherwise the next live period.
import { CalendarNeverOpensError, type ServiceCalendar } from '../../calendar/service-calendar.ts';

/** Shortest window worth attempting: ringing an operator, then the citizen. */
export const DEFAULT_MIN_ATTEMPT_SEC = 30;

export type DuePlan =
  | {
      kind: 'same-day';
      dueFrom: number;
      dueUntil: number;
      /** 'grace-period' or 'grace-shortened-before-closing' (lost calls), 'booked-during-live-hours'. */
      reason: string;
    }
  | {
      kind: 'next-live-period';
      dueFrom: number;
      dueUntil: number;
      /** Why it is not today: 'lost-at-closing', 'lost-outside-live-hours', 'booked-after-hours', ... */
      reason: string;
    }
  | { kind: 'refused'; reason: string };

export interface LostCallInput {
  lostAt: number;
  calendar: ServiceCalendar;
  graceSec: number;
  minAttemptSec?: number;
}

export function planLostCallCallback({
  lostAt,
  calendar,
  graceSec,
  minAttemptSec = DEFAULT_MIN_ATTEMPT_SEC,
}: LostCallInput): DuePlan {
  const closes = calendar.closesAt(lostAt);
  if (closes === null) return nextLivePeriod(calendar, lostAt, 'lost-outside-live-hours');
  const latestStart = closes - minAttemptSec * 1000;
  if (latestStart < lostAt) return nextLivePeriod(calendar, closes, 'lost-at-closing');
  const afterGrace = lostAt + graceSec * 1000;
  if (afterGrace <= latestStart) {
    return { kind: 'same-day', dueFrom: afterGrace, dueUntil: closes, reason: 'grace-period' };
  }
  return {
    kind: 'same-day',
    dueFrom: latestStart,
    dueUntil: closes,
    reason: 'grace-shortened-before-closing',
  };
}

/** How long an urgent callback is tried (every hour of it, live or not). */
export const URGENT_WINDOW_HOURS = 24;

/**
 * An urgent caller hung up before anyone answered: due at once, at any hour (the escalation
 * ladder answers when no operator is in), for a day.
 */
export function planUrgentCallback(lostAt: number): DuePlan {
  return {
    kind: 'same-day',
    dueFrom: lostAt,
    dueUntil: lostAt + URGENT_WINDOW_HOURS * 3_600_000,
    reason: 'urgent-at-once',
  };
}

export interface BookingInput {
  at: number;
  calendar: ServiceCalendar;
  minAttemptSec?: number;
}

export function planBooking({
  at,
  calendar,
  minAttemptSec = DEFAULT_MIN_ATTEMPT_SEC,
}: BookingInput): DuePlan {
  const closes = calendar.closesAt(at);
  if (closes === null) return nextLivePeriod(calendar, at, 'booked-after-hours');
  if (closes - at >= minAttemptSec * 1000) {
    return { kind: 'same-day', dueFrom: at, dueUntil: closes, reason: 'booked-during-live-hours' };
  }
  return nextLivePeriod(calendar, closes, 'booked-at-closing');
}

export type NextAttempt =
  | { kind: 'at'; at: number }
  | { kind: 'exhausted'; reason: string }
  | { kind: 'expired'; reason: string };

export interface NextAttemptInput {
  now: number;
  /** An urgent callback: retried at any hour, not only in live hours. */
  anyHour?: boolean;
  /** Attempts already made (the one that just ended included). */
  attempt: number;
  maxAttempts: number;
  retryDelayMin: number;
  dueUntil: number;
  calendar: ServiceCalendar;
}

/** After a failed attempt: the next moment inside live hours and before dueUntil, if any. */
export function nextAttemptAt({
  now,
  attempt,
  maxAttempts,
  retryDelayMin,
  dueUntil,
  calendar,
  anyHour = false,
}: NextAttemptInput): NextAttempt {
  if (attempt >= maxAttempts) {
    return { kind: 'exhausted', reason: `no answer after ${attempt} of ${maxAttempts} attempts` };
  }
  const earliest = now + retryDelayMin * 60_000;
  if (earliest >= dueUntil) return { kind: 'expired', reason: 'the retry delay ends after the due window' };
  const at = anyHour ? earliest : nextOpening(calendar, earliest);
  if (typeof at !== 'number') return { kind: 'expired', reason: at.never };
  if (at >= dueUntil) return { kind: 'expired', reason: 'no live hours left before the due window ends' };
  return { kind: 'at', at };
}

/** The next live period after `from` (which is closed or at closing). */
function nextLivePeriod(calendar: ServiceCalendar, from: number, reason: string): DuePlan {
  const dueFrom = nextOpening(calendar, from);
  if (typeof dueFrom !== 'number') return { kind: 'refused', reason: dueFrom.never };
  // nextOpening returns a live instant, so closesAt is never null here.
  const dueUntil = calendar.closesAt(dueFrom) ?? calendar.endOfLocalDay(dueFrom);
  return { kind: 'next-live-period', dueFrom, dueUntil, reason };
}

/** The calendar's first live instant at or after t, or why it never opens (as a value, not a throw). */
function nextOpening(calendar: ServiceCalendar, t: number): number | { never: string } {
  try {
    return calendar.nextOpening(t);
  } catch (e) {
    if (e instanceof CalendarNeverOpensError) return { never: e.message };
    throw e;
  }
}
