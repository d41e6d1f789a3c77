// Issue 11, gap 7: a missing holiday year is found for every service whose hours close on
// holidays (cagri check reports it as an error; the engine warns and exports a metric).
import { describe, expect, it } from 'vitest';
import { missingHolidayYears } from '../../src/calendar/missing-holiday-years.ts';
import { alwaysCalendar, at, workingDaysCalendar } from './shipped-calendars.ts';

describe('missing holiday years', () => {
  const calendars = [
    { serviceId: 'citizens', calendar: workingDaysCalendar() },
    { serviceId: 'hotline-24-7', calendar: alwaysCalendar() },
    { serviceId: 'gone', calendar: undefined },
  ];

  it('none while the shipped files cover this month and the next', () => {
    expect(missingHolidayYears(calendars, at('2026-12-01T10:00:00+04:00'))).toEqual([]);
  });

  it('2028 is missing from mid-December 2027 for the working-days service only', () => {
    expect(missingHolidayYears(calendars, at('2027-12-15T10:00:00+04:00'))).toEqual([
      { serviceId: 'citizens', year: 2028 },
    ]);
  });
});
