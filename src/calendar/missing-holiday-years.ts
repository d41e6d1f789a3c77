// Holiday data must cover the days the engine decides about: without next year's file, its
// holidays would silently count as working days. `cagri check` reports a missing year as an
// error; the running engine logs a warning and exports a metric.
import type { ServiceCalendar } from './service-calendar.ts';

export interface MissingHolidayYear {
  readonly serviceId: string;
  readonly year: number;
}

/** For each service whose hours close on holidays: the years (now → now + horizon) with no file. */
export function missingHolidayYears(
  calendars: ReadonlyArray<{ serviceId: string; calendar: ServiceCalendar | undefined }>,
  now: number,
  horizonDays = 31,
): MissingHolidayYear[] {
  return calendars.flatMap(({ serviceId, calendar }) =>
    (calendar?.missingHolidayYears(now, horizonDays) ?? []).map((year) => ({ serviceId, year })),
  );
}
