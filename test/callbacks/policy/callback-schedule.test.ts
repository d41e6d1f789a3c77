import { describe, expect, it } from 'vitest';
import type { HolidayFile } from '../../../src/calendar/hours-config.ts';
import { ServiceCalendar } from '../../../src/calendar/service-calendar.ts';
import {
  nextAttemptAt,
  planBooking,
  planLostCallCallback,
} from '../../../src/callbacks/policy/callback-schedule.ts';
import { FakeClock } from '../../../src/domain/clock.ts';
import {
  alwaysCalendar,
  at,
  shippedHolidays,
  shippedHours,
  workingDaysCalendar,
} from '../../calendar/shipped-calendars.ts';

const cal = workingDaysCalendar();
const graceSec = 120;

describe('planLostCallCallback: same day', () => {
  it('a call lost mid-morning is due after the grace period, until 18:00 today', () => {
    const clock = new FakeClock('2026-12-01T10:00:00+04:00');
    expect(planLostCallCallback({ lostAt: clock.now(), calendar: cal, graceSec })).toEqual({
      kind: 'same-day',
      dueFrom: at('2026-12-01T10:02:00+04:00'),
      dueUntil: at('2026-12-01T18:00:00+04:00'),
      reason: 'grace-period',
    });
  });

  it('lost at 17:59 on a working day: the grace is shortened so the attempt starts before closing', () => {
    const lostAt = at('2026-12-01T17:59:00+04:00');
    expect(planLostCallCallback({ lostAt, calendar: cal, graceSec })).toEqual({
      kind: 'same-day',
      dueFrom: at('2026-12-01T17:59:30+04:00'),
      dueUntil: at('2026-12-01T18:00:00+04:00'),
      reason: 'grace-shortened-before-closing',
    });
  });

  it('lost at 17:59:45 (no useful time left): carried to the next morning with a reason, not dropped', () => {
    const lostAt = at('2026-12-01T17:59:45+04:00');
    expect(planLostCallCallback({ lostAt, calendar: cal, graceSec })).toEqual({
      kind: 'next-live-period',
      dueFrom: at('2026-12-02T09:00:00+04:00'),
      dueUntil: at('2026-12-02T18:00:00+04:00'),
      reason: 'lost-at-closing',
    });
  });

  it('lost at 17:59 on the eve of a holiday: same day if time remains, else after the holidays', () => {
    // 19 March 2026 (Thu): Novruz and Ramazan follow, work resumes on 31 March.
    expect(
      planLostCallCallback({ lostAt: at('2026-03-19T17:59:00+04:00'), calendar: cal, graceSec }),
    ).toMatchObject({
      kind: 'same-day',
      dueUntil: at('2026-03-19T18:00:00+04:00'),
    });
    expect(
      planLostCallCallback({ lostAt: at('2026-03-19T17:59:50+04:00'), calendar: cal, graceSec }),
    ).toEqual({
      kind: 'next-live-period',
      dueFrom: at('2026-03-31T09:00:00+04:00'),
      dueUntil: at('2026-03-31T18:00:00+04:00'),
      reason: 'lost-at-closing',
    });
  });

  it('lost at 17:59 on a swapped working Saturday: same day', () => {
    const swap: HolidayFile = {
      ...shippedHolidays([2026])[0]!,
      workingDays: [{ date: '2026-11-14', name: 'test: Saturday worked' }],
    };
    const swapped = new ServiceCalendar(shippedHours().profiles['working-days']!, [swap]);
    expect(
      planLostCallCallback({ lostAt: at('2026-11-14T17:59:00+04:00'), calendar: swapped, graceSec }),
    ).toEqual({
      kind: 'same-day',
      dueFrom: at('2026-11-14T17:59:30+04:00'),
      dueUntil: at('2026-11-14T18:00:00+04:00'),
      reason: 'grace-shortened-before-closing',
    });
    expect(
      planLostCallCallback({ lostAt: at('2026-11-14T11:00:00+04:00'), calendar: swapped, graceSec }),
    ).toMatchObject({
      kind: 'same-day',
      dueFrom: at('2026-11-14T11:02:00+04:00'),
    });
  });

  it('lost after closing (the caller kept waiting past 18:00): next live period', () => {
    expect(
      planLostCallCallback({ lostAt: at('2026-12-04T18:03:00+04:00'), calendar: cal, graceSec }),
    ).toEqual({
      kind: 'next-live-period',
      dueFrom: at('2026-12-07T09:00:00+04:00'),
      dueUntil: at('2026-12-07T18:00:00+04:00'),
      reason: 'lost-outside-live-hours',
    });
  });

  it('24/7: due until the end of the local day', () => {
    const always = alwaysCalendar();
    expect(
      planLostCallCallback({ lostAt: at('2026-12-31T15:00:00+04:00'), calendar: always, graceSec }),
    ).toEqual({
      kind: 'same-day',
      dueFrom: at('2026-12-31T15:02:00+04:00'),
      dueUntil: at('2027-01-01T00:00:00+04:00'),
      reason: 'grace-period',
    });
    expect(
      planLostCallCallback({ lostAt: at('2026-12-31T23:59:50+04:00'), calendar: always, graceSec }),
    ).toMatchObject({
      kind: 'next-live-period',
      dueFrom: at('2027-01-01T00:00:00+04:00'),
      dueUntil: at('2027-01-02T00:00:00+04:00'),
    });
  });
});

describe('planBooking', () => {
  it('Friday evening → Monday 09:00-18:00', () => {
    expect(planBooking({ at: at('2026-12-04T20:00:00+04:00'), calendar: cal })).toEqual({
      kind: 'next-live-period',
      dueFrom: at('2026-12-07T09:00:00+04:00'),
      dueUntil: at('2026-12-07T18:00:00+04:00'),
      reason: 'booked-after-hours',
    });
  });

  it('Friday evening before a Monday holiday → the next working day after it', () => {
    // 9 May 2026 is a Saturday: Victory Day's day off moves to Monday 11 May.
    expect(planBooking({ at: at('2026-05-08T19:00:00+04:00'), calendar: cal })).toMatchObject({
      dueFrom: at('2026-05-12T09:00:00+04:00'),
      dueUntil: at('2026-05-12T18:00:00+04:00'),
    });
  });

  it('early morning → this morning', () => {
    expect(planBooking({ at: at('2026-12-01T07:00:00+04:00'), calendar: cal })).toMatchObject({
      dueFrom: at('2026-12-01T09:00:00+04:00'),
    });
  });

  it('during live hours (e.g. pressed 9 while queued) → now until today closes; at closing → next day', () => {
    expect(planBooking({ at: at('2026-12-01T10:00:00+04:00'), calendar: cal })).toEqual({
      kind: 'same-day',
      dueFrom: at('2026-12-01T10:00:00+04:00'),
      dueUntil: at('2026-12-01T18:00:00+04:00'),
      reason: 'booked-during-live-hours',
    });
    expect(planBooking({ at: at('2026-12-01T17:59:50+04:00'), calendar: cal })).toMatchObject({
      kind: 'next-live-period',
      dueFrom: at('2026-12-02T09:00:00+04:00'),
      reason: 'booked-at-closing',
    });
  });
});

describe('nextAttemptAt', () => {
  const dueUntil = at('2026-12-01T18:00:00+04:00');
  const base = { maxAttempts: 3, retryDelayMin: 15, dueUntil, calendar: cal };

  it('retries after the delay inside live hours', () => {
    expect(nextAttemptAt({ ...base, now: at('2026-12-01T10:00:00+04:00'), attempt: 1 })).toEqual({
      kind: 'at',
      at: at('2026-12-01T10:15:00+04:00'),
    });
  });

  it('expires when the delay runs past the window', () => {
    expect(nextAttemptAt({ ...base, now: at('2026-12-01T17:50:00+04:00'), attempt: 1 })).toMatchObject({
      kind: 'expired',
    });
  });

  it('is exhausted after the last attempt', () => {
    expect(nextAttemptAt({ ...base, now: at('2026-12-01T10:00:00+04:00'), attempt: 3 })).toMatchObject({
      kind: 'exhausted',
    });
  });

  it('skips closed hours inside a window that spans them', () => {
    const longWindow = { ...base, dueUntil: at('2026-12-02T18:00:00+04:00') };
    expect(nextAttemptAt({ ...longWindow, now: at('2026-12-01T17:50:00+04:00'), attempt: 1 })).toEqual({
      kind: 'at',
      at: at('2026-12-02T09:00:00+04:00'),
    });
  });
});
