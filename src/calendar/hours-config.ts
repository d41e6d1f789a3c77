// Schemas for config/hours.yaml (a service's live hours) and config/holidays/<country>-<year>.yaml
// (official non-working days and weekend days made working). One source for schema and type.
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WeekdaySchema = z.enum(WEEKDAYS);

export const DEFAULT_TIMEZONE = 'Asia/Baku';

const HHMM = '(?:[01]\\d|2[0-3]):[0-5]\\d';
const RANGE = new RegExp(`^(${HHMM})-(${HHMM}|24:00)$`);

/** Minutes since local midnight of "HH:MM" ("24:00" = 1440). */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** "09:00-18:00": a live period inside one local day; "24:00" ends it at midnight. */
export const TimeRangeSchema = z
  .string()
  .regex(RANGE, 'expected "HH:MM-HH:MM", e.g. "09:00-18:00" (use 24:00 for midnight)')
  .refine((s) => {
    const [from, until] = s.split('-') as [string, string];
    return minutesOf(from) < minutesOf(until);
  }, 'the range must end after it starts and stay within one day: split a night shift at midnight, e.g. "22:00-24:00" on mon and "00:00-06:00" on tue');

export type TimeRange = z.infer<typeof TimeRangeSchema>;

const DayRangesSchema = z.array(TimeRangeSchema).superRefine((ranges, ctx) => {
  const sorted = ranges
    .map((r) => r.split('-') as [string, string])
    .map(([a, b]) => [minutesOf(a), minutesOf(b)] as const)
    .sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]![0] < sorted[i - 1]![1]) {
      ctx.addIssue({ code: 'custom', message: 'time ranges on the same day overlap; merge them' });
      return;
    }
  }
});

export const TimezoneSchema = z
  .string()
  .refine((tz) => IANAZone.isValidZone(tz), 'not an IANA time zone (e.g. "Asia/Baku", "Europe/Berlin")');

export const WeeklyScheduleSchema = z
  .strictObject({
    mon: DayRangesSchema.optional(),
    tue: DayRangesSchema.optional(),
    wed: DayRangesSchema.optional(),
    thu: DayRangesSchema.optional(),
    fri: DayRangesSchema.optional(),
    sat: DayRangesSchema.optional(),
    sun: DayRangesSchema.optional(),
  })
  .refine(
    (w) => WEEKDAYS.some((d) => (w[d]?.length ?? 0) > 0),
    'the weekly schedule has no live hours at all; use alwaysOpen: true for a 24/7 service',
  );
export type WeeklySchedule = z.infer<typeof WeeklyScheduleSchema>;

/** 24/7: holidays do not close it. */
export const AlwaysOpenProfileSchema = z.strictObject({
  timezone: TimezoneSchema.default(DEFAULT_TIMEZONE),
  alwaysOpen: z.literal(true),
});

export const WeeklyProfileSchema = z.strictObject({
  timezone: TimezoneSchema.default(DEFAULT_TIMEZONE),
  weekly: WeeklyScheduleSchema,
  /** Country key of holidays/<country>-<year>.yaml; omit to ignore holidays. */
  holidays: z
    .string()
    .regex(/^[a-z]{2}$/, 'a two-letter lower-case country key, e.g. "az"')
    .optional(),
});

export const HoursProfileSchema = z.union([AlwaysOpenProfileSchema, WeeklyProfileSchema], {
  error: 'a profile is either { alwaysOpen: true, timezone } or { weekly: {...}, timezone, holidays }',
});
export type AlwaysOpenProfile = z.infer<typeof AlwaysOpenProfileSchema>;
export type WeeklyProfile = z.infer<typeof WeeklyProfileSchema>;
export type HoursProfile = z.infer<typeof HoursProfileSchema>;

export const HoursFileSchema = z.strictObject({
  profiles: z
    .record(
      z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'profile ids are lower-case, digits and dashes'),
      HoursProfileSchema,
    )
    .refine((p) => Object.keys(p).length > 0, 'define at least one profile'),
});
export type HoursFile = z.infer<typeof HoursFileSchema>;

const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date "YYYY-MM-DD"')
  .refine((s) => DateTime.fromISO(s).isValid, 'not a calendar date');

export const HolidayEntrySchema = z.strictObject({ date: IsoDateSchema, name: z.string().min(1) });
export type HolidayEntry = z.infer<typeof HolidayEntrySchema>;

/** A weekend day made a working day; it works the hours of `worksAs` (default: Monday). */
export const WorkingDayEntrySchema = z.strictObject({
  date: IsoDateSchema,
  name: z.string().min(1),
  worksAs: WeekdaySchema.optional(),
});
export type WorkingDayEntry = z.infer<typeof WorkingDayEntrySchema>;

export const HolidayFileSchema = z
  .strictObject({
    country: z.string().regex(/^[a-z]{2}$/, 'a two-letter lower-case country key, e.g. "az"'),
    year: z.number().int().min(2000).max(2200),
    source: z.string().min(1, 'say where the dates come from'),
    holidays: z.array(HolidayEntrySchema).default([]),
    workingDays: z.array(WorkingDayEntrySchema).default([]),
  })
  .superRefine((file, ctx) => {
    const checkYear = (date: string, path: (string | number)[]) => {
      if (date.startsWith(`${file.year}-`)) return;
      ctx.addIssue({
        code: 'custom',
        path,
        message: `${date} is not in ${file.year}; put it in the file for its own year`,
      });
    };
    const holidayDates = new Set<string>();
    file.holidays.forEach((h, i) => {
      checkYear(h.date, ['holidays', i, 'date']);
      holidayDates.add(h.date);
    });
    file.workingDays.forEach((w, i) => {
      checkYear(w.date, ['workingDays', i, 'date']);
      if (holidayDates.has(w.date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['workingDays', i, 'date'],
          message: `${w.date} is listed both as a holiday and as a working day`,
        });
      }
    });
  });
export type HolidayFile = z.infer<typeof HolidayFileSchema>;
