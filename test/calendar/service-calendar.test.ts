import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HolidayFile, HoursProfile } from '../../src/calendar/hours-config.ts';
import { ServiceCalendar } from '../../src/calendar/service-calendar.ts';
import { alwaysCalendar, at, shippedHolidays, workingDaysCalendar } from './shipped-calendars.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NINE_TO_SIX = ['09:00-18:00'];
const weekdays = { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX };

describe('working days 09:00-18:00 Asia/Baku with Azerbaijani holidays', () => {
  const cal = workingDaysCalendar();

  it('is live from 09:00 up to, not including, 18:00 on a working day', () => {
    expect(cal.isLive(at('2026-12-01T08:59:59.999+04:00'))).toBe(false);
    expect(cal.isLive(at('2026-12-01T09:00:00+04:00'))).toBe(true);
    expect(cal.isLive(at('2026-12-01T17:59:59.999+04:00'))).toBe(true);
    expect(cal.isLive(at('2026-12-01T18:00:00+04:00'))).toBe(false);
    expect(cal.closesAt(at('2026-12-01T12:00:00+04:00'))).toBe(at('2026-12-01T18:00:00+04:00'));
    expect(cal.closesAt(at('2026-12-01T18:00:00+04:00'))).toBeNull();
  });

  it('answers nextOpening with t itself when live, else the next 09:00', () => {
    const noon = at('2026-12-01T12:00:00+04:00');
    expect(cal.nextOpening(noon)).toBe(noon);
    expect(cal.nextOpening(at('2026-12-01T07:00:00+04:00'))).toBe(at('2026-12-01T09:00:00+04:00'));
  });

  it('crosses midnight to the next morning', () => {
    expect(cal.nextOpening(at('2026-12-01T23:59:59.999+04:00'))).toBe(at('2026-12-02T09:00:00+04:00'));
    expect(cal.nextOpening(at('2026-12-02T00:00:00+04:00'))).toBe(at('2026-12-02T09:00:00+04:00'));
    // Midnight in Baku is 20:00 UTC the day before: the local date decides, not the UTC one.
    expect(cal.localDate(at('2026-12-01T20:30:00Z'))).toBe('2026-12-02');
  });

  it('skips the weekend', () => {
    expect(cal.nextOpening(at('2026-12-04T18:00:00+04:00'))).toBe(at('2026-12-07T09:00:00+04:00'));
    expect(cal.isLive(at('2026-12-05T10:00:00+04:00'))).toBe(false);
  });

  it('crosses the year end: 31 December → first working day of January after the holidays', () => {
    // 31 Dec 2026 (Thu) Solidarity Day; 1-2 Jan New Year; 2 Jan is a Saturday → 4 Jan off too.
    expect(cal.isLive(at('2026-12-31T10:00:00+04:00'))).toBe(false);
    expect(cal.nextOpening(at('2026-12-30T18:00:00+04:00'))).toBe(at('2027-01-05T09:00:00+04:00'));
    expect(cal.nextOpening(at('2026-12-31T10:00:00+04:00'))).toBe(at('2027-01-05T09:00:00+04:00'));
  });

  it('closes for Novruz and Ramazan 2026 (20-30 March) and the carried-over days', () => {
    for (const d of ['2026-03-20', '2026-03-23', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-30']) {
      expect(cal.liveWindowsOn(d), d).toEqual([]);
    }
    expect(cal.nextOpening(at('2026-03-19T18:00:00+04:00'))).toBe(at('2026-03-31T09:00:00+04:00'));
    expect(cal.dayKind('2026-03-27')).toMatchObject({ kind: 'holiday' });
  });

  it('still answers when a year has no holiday data, and says so', () => {
    const only2026 = workingDaysCalendar([2026]);
    expect(only2026.missingHolidayYears(at('2026-06-01T10:00:00+04:00'))).toEqual([]);
    expect(only2026.missingHolidayYears(at('2026-12-15T10:00:00+04:00'))).toEqual([2027]);
    expect(only2026.missingHolidayYears(at('2027-03-01T10:00:00+04:00'))).toEqual([2027]);
    // Without 2027 data, New Year's Day 2027 (a Friday) falls back to the weekly schedule.
    expect(only2026.nextOpening(at('2026-12-30T18:00:00+04:00'))).toBe(at('2027-01-01T09:00:00+04:00'));
    expect(workingDaysCalendar().missingHolidayYears(at('2027-12-15T10:00:00+04:00'))).toEqual([2028]);
  });
});

describe('24/7', () => {
  const cal = alwaysCalendar();

  it('is always live, also on holidays; a live period ends at local midnight', () => {
    const t = at('2026-12-31T23:30:00+04:00');
    expect(cal.isLive(t)).toBe(true);
    expect(cal.nextOpening(t)).toBe(t);
    expect(cal.closesAt(t)).toBe(at('2027-01-01T00:00:00+04:00'));
    expect(cal.closesAt(at('2027-01-01T00:00:00+04:00'))).toBe(at('2027-01-02T00:00:00+04:00'));
    expect(cal.missingHolidayYears(at('2030-01-01T00:00:00+04:00'))).toEqual([]);
  });
});

describe('a night shift split at midnight', () => {
  const cal = new ServiceCalendar({
    timezone: 'Asia/Baku',
    weekly: { mon: ['22:00-24:00'], tue: ['00:00-06:00'] },
  });

  it('is live across midnight, as two periods (one per local day)', () => {
    expect(cal.isLive(at('2026-11-30T23:59:59+04:00'))).toBe(true);
    expect(cal.closesAt(at('2026-11-30T23:00:00+04:00'))).toBe(at('2026-12-01T00:00:00+04:00'));
    expect(cal.isLive(at('2026-12-01T00:00:00+04:00'))).toBe(true);
    expect(cal.closesAt(at('2026-12-01T00:00:00+04:00'))).toBe(at('2026-12-01T06:00:00+04:00'));
    expect(cal.nextOpening(at('2026-12-01T06:00:00+04:00'))).toBe(at('2026-12-07T22:00:00+04:00'));
  });
});

describe('a DST zone (Europe/Berlin)', () => {
  const cal = new ServiceCalendar({
    timezone: 'Europe/Berlin',
    weekly: { ...weekdays, sat: NINE_TO_SIX, sun: NINE_TO_SIX },
  });

  it('keeps 09:00-18:00 local on the spring-forward Sunday and the Monday after', () => {
    // 29 March 2026: 02:00 CET → 03:00 CEST.
    expect(cal.liveWindowsOn('2026-03-28')).toEqual([
      { from: at('2026-03-28T08:00:00Z'), until: at('2026-03-28T17:00:00Z') },
    ]);
    expect(cal.liveWindowsOn('2026-03-29')).toEqual([
      { from: at('2026-03-29T07:00:00Z'), until: at('2026-03-29T16:00:00Z') },
    ]);
    expect(cal.liveWindowsOn('2026-03-30')).toEqual([
      { from: at('2026-03-30T07:00:00Z'), until: at('2026-03-30T16:00:00Z') },
    ]);
    expect(cal.nextOpening(at('2026-03-28T20:00:00+01:00'))).toBe(at('2026-03-29T09:00:00+02:00'));
  });

  it('keeps 09:00-18:00 local on the fall-back Sunday and the Monday after', () => {
    // 25 October 2026: 03:00 CEST → 02:00 CET.
    expect(cal.liveWindowsOn('2026-10-25')).toEqual([
      { from: at('2026-10-25T08:00:00Z'), until: at('2026-10-25T17:00:00Z') },
    ]);
    expect(cal.liveWindowsOn('2026-10-26')).toEqual([
      { from: at('2026-10-26T08:00:00Z'), until: at('2026-10-26T17:00:00Z') },
    ]);
    expect(cal.nextOpening(at('2026-10-24T18:00:00+02:00'))).toBe(at('2026-10-25T09:00:00+01:00'));
  });

  it('gives a 24/7 service a 23-hour and a 25-hour day', () => {
    const always = new ServiceCalendar({ timezone: 'Europe/Berlin', alwaysOpen: true });
    const [spring] = always.liveWindowsOn('2026-03-29');
    const [autumn] = always.liveWindowsOn('2026-10-25');
    expect(spring!.until - spring!.from).toBe(23 * HOUR);
    expect(autumn!.until - autumn!.from).toBe(25 * HOUR);
    expect(always.closesAt(at('2026-03-29T12:00:00+02:00'))).toBe(at('2026-03-30T00:00:00+02:00'));
  });
});

describe('a swapped working Saturday', () => {
  // Test data: Friday 13 November 2026 made a day off, Saturday 14 November worked instead.
  const swap: HolidayFile = {
    country: 'tt',
    year: 2026,
    source: 'test fixture',
    holidays: [{ date: '2026-11-13', name: 'Bridge day' }],
    workingDays: [{ date: '2026-11-14', name: 'Worked instead of Friday 13 November' }],
  };
  const profile: HoursProfile = {
    timezone: 'Asia/Baku',
    weekly: { ...weekdays, fri: ['09:00-16:00'] },
    holidays: 'tt',
  };

  it('works the Saturday with the weekday hours (Monday by default)', () => {
    const cal = new ServiceCalendar(profile, [swap]);
    expect(cal.isLive(at('2026-11-13T10:00:00+04:00'))).toBe(false);
    expect(cal.nextOpening(at('2026-11-13T08:00:00+04:00'))).toBe(at('2026-11-14T09:00:00+04:00'));
    expect(cal.closesAt(at('2026-11-14T17:00:00+04:00'))).toBe(at('2026-11-14T18:00:00+04:00'));
    expect(cal.isLive(at('2026-11-15T10:00:00+04:00'))).toBe(false);
  });

  it('works the hours of the weekday named by worksAs', () => {
    const cal = new ServiceCalendar(profile, [
      { ...swap, workingDays: [{ ...swap.workingDays[0]!, worksAs: 'fri' }] },
    ]);
    expect(cal.closesAt(at('2026-11-14T12:00:00+04:00'))).toBe(at('2026-11-14T16:00:00+04:00'));
  });

  it('ignores holiday files of other countries', () => {
    const cal = new ServiceCalendar(profile, [{ ...swap, country: 'az' }]);
    expect(cal.isLive(at('2026-11-13T10:00:00+04:00'))).toBe(true);
    expect(cal.isLive(at('2026-11-14T10:00:00+04:00'))).toBe(false);
  });
});

describe('touching ranges', () => {
  it('form one live period', () => {
    const cal = new ServiceCalendar({
      timezone: 'Asia/Baku',
      weekly: { mon: ['09:00-13:00', '13:00-18:00'] },
    });
    expect(cal.closesAt(at('2026-11-30T10:00:00+04:00'))).toBe(at('2026-11-30T18:00:00+04:00'));
  });
});

describe('nextOpening properties', () => {
  const start = at('2026-01-01T00:00:00+04:00');
  const end = at('2027-12-31T23:59:59+04:00');
  const calendars: [string, ServiceCalendar][] = [
    ['working days, Baku, az holidays', workingDaysCalendar()],
    [
      'split hours incl. weekend, Berlin',
      new ServiceCalendar({
        timezone: 'Europe/Berlin',
        weekly: { mon: ['08:00-12:00', '13:00-17:30'], sat: ['00:00-03:30'], sun: ['22:00-24:00'] },
      }),
    ],
    ['24/7, Baku', alwaysCalendar()],
  ];

  /** Every live window overlapping [from, to]. */
  function windowsBetween(cal: ServiceCalendar, from: number, to: number) {
    const out = [];
    for (let t = from - 26 * HOUR; t <= to + 26 * HOUR; t += 12 * HOUR) {
      for (const w of cal.liveWindowsOn(cal.localDate(t))) if (w.until > from && w.from <= to) out.push(w);
    }
    return out;
  }

  it.each(calendars)('%s: nextOpening(t) ≥ t, is live, and nothing between is live', (_name, cal) => {
    fc.assert(
      fc.property(fc.integer({ min: start, max: end }), (t) => {
        const open = cal.nextOpening(t);
        expect(open).toBeGreaterThanOrEqual(t);
        expect(cal.isLive(open)).toBe(true);
        if (open > t) {
          expect(cal.isLive(t)).toBe(false);
          for (const w of windowsBetween(cal, t, open)) expect(w.from >= open || w.until <= t).toBe(true);
        }
        const closes = cal.closesAt(open)!;
        expect(closes).toBeGreaterThan(open);
        expect(cal.isLive(closes - 1)).toBe(true);
        expect(closes).toBeLessThanOrEqual(cal.endOfLocalDay(open));
      }),
      { numRuns: 400 },
    );
  });

  it('holiday data is used: the shipped calendar is never live on a listed holiday', () => {
    const cal = workingDaysCalendar();
    for (const file of shippedHolidays()) {
      for (const h of file.holidays) expect(cal.liveWindowsOn(h.date), h.date).toEqual([]);
    }
  });
});
