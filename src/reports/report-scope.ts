// What every report is computed over: one service and one period of its local days.
import type { Kysely } from 'kysely';
import type { ServiceCalendar } from '../calendar/service-calendar.ts';
import type { Database } from '../db/schema.ts';
import type { ReportPeriod } from './report-period.ts';

export interface ReportScope {
  db: Kysely<Database>;
  serviceId: string;
  period: ReportPeriod;
  /** The service's working-hours calendar (next working day of an after-hours booking). */
  calendar: ServiceCalendar | undefined;
  /** Now, for intervals still open (an operator logged in as the report is asked). */
  now: number;
}

/** Seconds rounded to a tenth, or null when there is nothing to average. */
export function seconds(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  return Math.round(Number(v) * 10) / 10;
}

/** A share with four decimals (0.8333), or null when the denominator is 0. */
export function ratio(n: number, d: number): number | null {
  return d === 0 ? null : Math.round((n / d) * 10_000) / 10_000;
}
