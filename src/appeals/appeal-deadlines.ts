// Appeal time limits in working days of the service's calendar (the Law on citizens' appeals):
// 15 working days, 30 when the appeal needs additional study, 3 to send on an appeal outside the
// body's competence. Holidays are days off, swapped working days are working days.
// Pure: no I/O, no clock; the calendar answers from config data.
import { DateTime } from 'luxon';
import type { ServiceCalendar } from '../calendar/service-calendar.ts';

export const ANSWER_DAYS = 15;
export const STUDY_DAYS = 30;
export const REFERRAL_DAYS = 3;

/** The calendar facts a deadline needs (ServiceCalendar has them). */
export type WorkingDayCalendar = Pick<
  ServiceCalendar,
  'timezone' | 'dayKind' | 'liveWindowsOn' | 'alwaysOpen'
>;

/**
 * Whether a local date is a working day. Weekly profiles: a day with live hours (holidays have
 * none; swapped days have them). A 24/7 service still counts appeal days Monday to Friday.
 */
export function isWorkingDay(cal: WorkingDayCalendar, localDate: string): boolean {
  const kind = cal.dayKind(localDate);
  if (kind.kind === 'holiday') return false;
  if (kind.kind === 'swapped-working-day') return true;
  if (!cal.alwaysOpen) return cal.liveWindowsOn(localDate).length > 0;
  const weekday = DateTime.fromISO(localDate, { zone: cal.timezone }).weekday;
  return weekday <= 5;
}

/**
 * The end (exclusive: the first instant of the next local day) of the `days`-th working day after
 * the local day of `from`. The day of registration itself does not count.
 */
export function workingDaysDeadline(cal: WorkingDayCalendar, from: number, days: number): number {
  let day = DateTime.fromMillis(from, { zone: cal.timezone }).startOf('day');
  let counted = 0;
  // A year of holidays cannot hide 30 working days inside 3 years; the bound stops a bad calendar.
  for (let i = 0; i < 3 * 366 && counted < days; i++) {
    day = day.plus({ days: 1 });
    if (isWorkingDay(cal, day.toISODate() ?? '')) counted++;
  }
  return day.plus({ days: 1 }).startOf('day').toMillis();
}

/** Working days from `now` until `deadline` (0 on its last day, negative when past). */
export function workingDaysLeft(cal: WorkingDayCalendar, now: number, deadline: number): number {
  if (now >= deadline) {
    let n = 0;
    let day = DateTime.fromMillis(deadline, { zone: cal.timezone }).startOf('day');
    const today = DateTime.fromMillis(now, { zone: cal.timezone }).startOf('day');
    while (day <= today && n < 3 * 366) {
      if (isWorkingDay(cal, day.toISODate() ?? '')) n++;
      day = day.plus({ days: 1 });
    }
    return -Math.max(n, 1);
  }
  let n = 0;
  let day = DateTime.fromMillis(now, { zone: cal.timezone }).startOf('day').plus({ days: 1 });
  while (day.toMillis() < deadline && n < 3 * 366) {
    if (isWorkingDay(cal, day.toISODate() ?? '')) n++;
    day = day.plus({ days: 1 });
  }
  return n;
}

export type DeadlineState = 'ok' | 'near' | 'overdue';

/** Overdue once the deadline passed; near when at most `nearDays` working days are left. */
export function deadlineState(
  cal: WorkingDayCalendar,
  now: number,
  deadline: number,
  nearDays: number,
): DeadlineState {
  if (now >= deadline) return 'overdue';
  return workingDaysLeft(cal, now, deadline) <= nearDays ? 'near' : 'ok';
}
