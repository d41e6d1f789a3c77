// Test helper: calendars built from the shipped example config (config/hours.yaml, config/holidays).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  type HolidayFile,
  HolidayFileSchema,
  type HoursFile,
  HoursFileSchema,
} from '../../src/calendar/hours-config.ts';
import { ServiceCalendar } from '../../src/calendar/service-calendar.ts';

const configDir = fileURLToPath(new URL('../../config/', import.meta.url));

export function readConfigYaml(relative: string): unknown {
  return parse(readFileSync(configDir + relative, 'utf8'));
}

export function shippedHours(): HoursFile {
  return HoursFileSchema.parse(readConfigYaml('hours.yaml'));
}

export function shippedHolidays(years: readonly number[] = [2026, 2027]): HolidayFile[] {
  return years.map((y) => HolidayFileSchema.parse(readConfigYaml(`holidays/az-${y}.yaml`)));
}

/** The example's working-days profile (Mon-Fri 09:00-18:00 Asia/Baku, az holidays). */
export function workingDaysCalendar(years: readonly number[] = [2026, 2027]): ServiceCalendar {
  return new ServiceCalendar(shippedHours().profiles['working-days']!, shippedHolidays(years));
}

export function alwaysCalendar(): ServiceCalendar {
  return new ServiceCalendar(shippedHours().profiles.always!, shippedHolidays());
}

/** An instant from an ISO string with offset, e.g. at('2026-12-01T17:59:00+04:00'). */
export function at(iso: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`not a date: ${iso}`);
  return t;
}
