import { describe, expect, it } from 'vitest';
import { HolidayFileSchema, HoursFileSchema } from '../../src/calendar/hours-config.ts';
import { CallbacksFileSchema } from '../../src/callbacks/policy/callback-config.ts';
import { readConfigYaml, shippedHolidays, shippedHours } from './shipped-calendars.ts';

function issues(result: {
  success: boolean;
  error?: { issues: { message: string; path: PropertyKey[] }[] };
}) {
  return (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('hours.yaml schema', () => {
  it('parses the shipped example', () => {
    const hours = shippedHours();
    expect(Object.keys(hours.profiles)).toEqual(['working-days', 'always']);
    expect(hours.profiles['working-days']).toMatchObject({ timezone: 'Asia/Baku', holidays: 'az' });
    expect(hours.profiles.always).toEqual({ timezone: 'Asia/Baku', alwaysOpen: true });
  });

  it('defaults the time zone to Asia/Baku', () => {
    const parsed = HoursFileSchema.parse({ profiles: { x: { weekly: { mon: ['09:00-18:00'] } } } });
    expect(parsed.profiles.x!.timezone).toBe('Asia/Baku');
  });

  it.each([
    [{ weekly: { mon: ['9:00-18:00'] } }, 'HH:MM-HH:MM'],
    [{ weekly: { mon: ['18:00-09:00'] } }, 'split a night shift at midnight'],
    [{ weekly: { mon: ['09:00-13:00', '12:00-18:00'] } }, 'overlap'],
    [{ weekly: {} }, 'no live hours'],
    [{ weekly: { mon: ['09:00-18:00'] }, timezone: 'Mars/Olympus' }, 'IANA'],
    [{ weekly: { mon: ['09:00-18:00'] }, holidays: 'AZE' }, 'country key'],
  ])('rejects %j with a reason', (profile, message) => {
    const result = HoursFileSchema.safeParse({ profiles: { p: profile } });
    expect(result.success).toBe(false);
    expect(issues(result).join('\n')).toContain(message);
  });

  it('rejects a profile that is neither 24/7 nor weekly', () => {
    expect(HoursFileSchema.safeParse({ profiles: { p: { timezone: 'Asia/Baku' } } }).success).toBe(false);
    expect(HoursFileSchema.safeParse({ profiles: { p: { alwaysOpen: false } } }).success).toBe(false);
  });
});

describe('holiday file schema', () => {
  it('parses the shipped Azerbaijani files for 2026 and 2027', () => {
    const [y2026, y2027] = shippedHolidays();
    expect(y2026!.year).toBe(2026);
    expect(y2026!.holidays.map((h) => h.date)).toContain('2026-03-30');
    expect(y2027!.holidays.map((h) => h.date)).toContain('2027-01-04');
    expect(y2026!.source).toMatch(/Labour Code/);
    expect(y2027!.source).toMatch(/PROVISIONAL/);
  });

  it('rejects dates outside the file year and days both off and working', () => {
    const result = HolidayFileSchema.safeParse({
      country: 'az',
      year: 2026,
      source: 'test',
      holidays: [
        { date: '2027-01-01', name: 'wrong year' },
        { date: '2026-06-27', name: 'x' },
      ],
      workingDays: [{ date: '2026-06-27', name: 'x' }],
    });
    const text = issues(result).join('\n');
    expect(text).toContain('holidays.0.date: 2027-01-01 is not in 2026');
    expect(text).toContain('workingDays.0.date: 2026-06-27 is listed both as a holiday and as a working day');
  });

  it('rejects impossible dates', () => {
    const result = HolidayFileSchema.safeParse({
      country: 'az',
      year: 2026,
      source: 'test',
      holidays: [{ date: '2026-02-30', name: 'x' }],
    });
    expect(issues(result).join()).toContain('not a calendar date');
  });
});

describe('callbacks.yaml schema', () => {
  it('parses the shipped example', () => {
    expect(CallbacksFileSchema.parse(readConfigYaml('callbacks.yaml'))).toEqual({
      maxAttempts: 3,
      retryDelayMin: 15,
      lostCallGraceSec: 120,
      numberingPlan: { country: 'AZ', allow: ['mobile', 'fixed-line'] },
    });
  });

  it('fills defaults and rejects unknown countries and types', () => {
    expect(CallbacksFileSchema.parse({})).toMatchObject({ maxAttempts: 3, numberingPlan: { country: 'AZ' } });
    expect(
      CallbacksFileSchema.parse({ numberingPlan: { country: 'az', allow: ['mobile'] } }).numberingPlan
        .country,
    ).toBe('AZ');
    expect(
      CallbacksFileSchema.safeParse({ numberingPlan: { country: 'XX', allow: ['mobile'] } }).success,
    ).toBe(false);
    expect(CallbacksFileSchema.safeParse({ numberingPlan: { country: 'AZ', allow: ['cell'] } }).success).toBe(
      false,
    );
    expect(CallbacksFileSchema.safeParse({ maxAttempts: 0 }).success).toBe(false);
  });
});
