// One country's official non-working days and swapped working days, from the yearly data files.
// It only answers "what kind of day is this local date"; hours are the ServiceCalendar's business.
import type { HolidayFile, Weekday } from './hours-config.ts';

export type DayKind =
  | { kind: 'holiday'; name: string }
  | { kind: 'swapped-working-day'; name: string; worksAs: Weekday }
  | { kind: 'ordinary' };

/** The hours a swapped working day works when its entry names no weekday. */
export const DEFAULT_WORKS_AS: Weekday = 'mon';

export class HolidayCalendar {
  private readonly holidays = new Map<string, string>();
  private readonly workingDays = new Map<string, { name: string; worksAs: Weekday }>();
  private readonly years = new Set<number>();

  /** Keeps only the files of `country`; several files for one year are merged. */
  constructor(
    readonly country: string,
    files: readonly HolidayFile[],
  ) {
    for (const file of files) {
      if (file.country !== country) continue;
      this.years.add(file.year);
      for (const h of file.holidays) {
        const prev = this.holidays.get(h.date);
        this.holidays.set(h.date, prev && prev !== h.name ? `${prev}; ${h.name}` : h.name);
      }
      for (const w of file.workingDays) {
        this.workingDays.set(w.date, { name: w.name, worksAs: w.worksAs ?? DEFAULT_WORKS_AS });
      }
    }
  }

  /** `isoDate` is a local date "YYYY-MM-DD". A holiday wins over a swapped working day. */
  dayKind(isoDate: string): DayKind {
    const holiday = this.holidays.get(isoDate);
    if (holiday !== undefined) return { kind: 'holiday', name: holiday };
    const working = this.workingDays.get(isoDate);
    if (working) return { kind: 'swapped-working-day', ...working };
    return { kind: 'ordinary' };
  }

  hasYear(year: number): boolean {
    return this.years.has(year);
  }

  /** Years for which a data file was loaded, ascending. */
  knownYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }
}
