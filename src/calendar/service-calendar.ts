// A service's live hours in its own time zone: 24/7, or a weekly schedule closed on official
// holidays and open on swapped working days. Time comes in and goes out as epoch milliseconds.
//
// Live periods never cross local midnight: "today's live period" is what the same-day callback
// rule needs, and a night shift is written as two ranges (22:00-24:00, 00:00-06:00). Local
// times are resolved per calendar day with luxon, so 09:00-18:00 stays 09:00-18:00 local on DST
// change days (the period is then 9 hours of wall time, not 9 hours after midnight + 9).
import { DateTime } from 'luxon';
import { type DayKind, HolidayCalendar } from './holiday-calendar.ts';
import { type HolidayFile, type HoursProfile, minutesOf, WEEKDAYS, type Weekday } from './hours-config.ts';

/** A live period, [from, until) in epoch ms. */
export interface LiveWindow {
  readonly from: number;
  readonly until: number;
}

/** How far nextOpening looks before concluding the schedule never opens. */
const MAX_SCAN_DAYS = 400;
const CACHE_LIMIT = 2000;

export class CalendarNeverOpensError extends Error {
  constructor(from: number) {
    super(
      `the service never opens within ${MAX_SCAN_DAYS} days of ${DateTime.fromMillis(from, { zone: 'utc' }).toISO()}: ` +
        'check the weekly schedule and the holiday files',
    );
    this.name = 'CalendarNeverOpensError';
  }
}

export class ServiceCalendar {
  readonly timezone: string;
  readonly alwaysOpen: boolean;
  private readonly holidayCalendar: HolidayCalendar | undefined;
  private readonly windowCache = new Map<string, readonly LiveWindow[]>();
  /** The local day last asked about: every call asks "live now?", and luxon's zone maths is costly. */
  private lastDay: { from: number; until: number; date: string } | undefined;

  constructor(
    readonly profile: HoursProfile,
    holidayFiles: readonly HolidayFile[] = [],
  ) {
    this.timezone = profile.timezone;
    this.alwaysOpen = 'alwaysOpen' in profile;
    this.holidayCalendar =
      'weekly' in profile && profile.holidays !== undefined
        ? new HolidayCalendar(profile.holidays, holidayFiles)
        : undefined;
  }

  isLive(t: number): boolean {
    return this.windowAt(t) !== undefined;
  }

  /** The first live instant at or after t (t itself when live). */
  nextOpening(t: number): number {
    if (this.isLive(t)) return t;
    let day = this.local(t).startOf('day');
    for (let i = 0; i <= MAX_SCAN_DAYS; i++) {
      for (const w of this.liveWindowsOn(isoDate(day))) {
        if (w.from > t) return w.from;
      }
      day = day.plus({ days: 1 });
    }
    throw new CalendarNeverOpensError(t);
  }

  /** End of the live period containing t (for 24/7: the end of the local day), or null when closed. */
  closesAt(t: number): number | null {
    return this.windowAt(t)?.until ?? null;
  }

  /** The local calendar date "YYYY-MM-DD" of t in the service's zone. */
  localDate(t: number): string {
    return this.dayOf(t).date;
  }

  /** The first instant of the local day after the one containing t. */
  endOfLocalDay(t: number): number {
    return this.dayOf(t).until;
  }

  /** What the holiday data says about a local date (ordinary when the profile ignores holidays). */
  dayKind(localDate: string): DayKind {
    return this.holidayCalendar?.dayKind(localDate) ?? { kind: 'ordinary' };
  }

  /** The live periods of one local date "YYYY-MM-DD", in order; empty on days off. */
  liveWindowsOn(localDate: string): readonly LiveWindow[] {
    const cached = this.windowCache.get(localDate);
    if (cached) return cached;
    const windows = this.computeWindows(localDate);
    if (this.windowCache.size >= CACHE_LIMIT) this.windowCache.clear();
    this.windowCache.set(localDate, windows);
    return windows;
  }

  /**
   * Years, from t's local year to that of t + horizonDays, whose holiday data is missing. The
   * calendar still answers from the weekly schedule alone; callers should warn (holidays would
   * be treated as working days).
   */
  missingHolidayYears(t: number, horizonDays = 31): number[] {
    const hc = this.holidayCalendar;
    if (!hc) return [];
    const first = this.local(t).year;
    const last = this.local(t).plus({ days: horizonDays }).year;
    const missing: number[] = [];
    for (let y = first; y <= last; y++) if (!hc.hasYear(y)) missing.push(y);
    return missing;
  }

  private windowAt(t: number): LiveWindow | undefined {
    return this.liveWindowsOn(this.localDate(t)).find((w) => w.from <= t && t < w.until);
  }

  private dayOf(t: number): { from: number; until: number; date: string } {
    const last = this.lastDay;
    if (last && t >= last.from && t < last.until) return last;
    const start = this.local(t).startOf('day');
    // Not from + 24 h: a local day is 23 or 25 hours long on DST change days.
    const day = { from: start.toMillis(), until: start.plus({ days: 1 }).toMillis(), date: isoDate(start) };
    this.lastDay = day;
    return day;
  }

  private local(t: number): DateTime {
    return DateTime.fromMillis(t, { zone: this.timezone });
  }

  private computeWindows(localDate: string): readonly LiveWindow[] {
    const day = DateTime.fromISO(localDate, { zone: this.timezone }).startOf('day');
    if (!day.isValid) throw new Error(`not a local date "YYYY-MM-DD": ${localDate}`);
    const nextDay = day.plus({ days: 1 }).startOf('day');
    const profile = this.profile;
    if (!('weekly' in profile)) return [{ from: day.toMillis(), until: nextDay.toMillis() }];

    const kind = this.dayKind(localDate);
    if (kind.kind === 'holiday') return [];
    const weekday: Weekday = kind.kind === 'swapped-working-day' ? kind.worksAs : WEEKDAYS[day.weekday - 1]!;
    const ranges = profile.weekly[weekday] ?? [];

    const at = (hhmm: string): number => {
      const minutes = minutesOf(hhmm);
      if (minutes >= 24 * 60) return nextDay.toMillis();
      // From the date's fields, so the wall-clock time holds across a DST change that day.
      return DateTime.fromObject(
        {
          year: day.year,
          month: day.month,
          day: day.day,
          hour: Math.floor(minutes / 60),
          minute: minutes % 60,
        },
        { zone: this.timezone },
      ).toMillis();
    };
    const windows = ranges
      .map((r) => r.split('-') as [string, string])
      .map(([a, b]) => ({ from: at(a), until: at(b) }))
      .filter((w) => w.until > w.from) // a range lying wholly in a DST gap does not exist
      .sort((x, y) => x.from - y.from);

    // Touching ranges (09:00-13:00, 13:00-18:00) form one live period.
    const merged: LiveWindow[] = [];
    for (const w of windows) {
      const last = merged.at(-1);
      if (last && w.from <= last.until)
        merged[merged.length - 1] = { from: last.from, until: Math.max(last.until, w.until) };
      else merged.push(w);
    }
    return merged;
  }
}

function isoDate(dt: DateTime): string {
  return dt.toISODate() ?? '';
}
