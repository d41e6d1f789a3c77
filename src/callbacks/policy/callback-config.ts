// Schema for config/callbacks.yaml: attempts, delays, and which numbers a callback may dial.
import { type CountryCode, isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';

/** libphonenumber-js number types, in the kebab-case the config uses. */
export const NUMBER_TYPES = [
  'mobile',
  'fixed-line',
  'toll-free',
  'premium-rate',
  'shared-cost',
  'voip',
  'personal-number',
  'pager',
  'uan',
  'voicemail',
] as const;
export const NumberTypeSchema = z.enum(NUMBER_TYPES);
export type NumberType = z.infer<typeof NumberTypeSchema>;

export const CountryCodeSchema = z
  .string()
  .transform((s) => s.toUpperCase())
  .refine((s) => isSupportedCountry(s), 'not a country code libphonenumber knows (ISO 3166 alpha-2, e.g. AZ)')
  .transform((s) => s as CountryCode);

export const NumberingPlanSchema = z.strictObject({
  country: CountryCodeSchema,
  allow: z.array(NumberTypeSchema).min(1, 'allow at least one number type, e.g. [mobile, fixed-line]'),
});
export type NumberingPlan = z.infer<typeof NumberingPlanSchema>;

export const DEFAULT_NUMBERING_PLAN: NumberingPlan = { country: 'AZ', allow: ['mobile', 'fixed-line'] };

export const CallbacksFileSchema = z.strictObject({
  /** Dial attempts per callback before it is marked failed. */
  maxAttempts: z.number().int().min(1).max(10).default(3),
  /** Minutes between attempts (the next one still only inside live hours and the due window). */
  retryDelayMin: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** A lost call becomes due this long after the hang-up, so a caller who rings back cancels it. */
  lostCallGraceSec: z.number().int().min(0).max(3600).default(120),
  numberingPlan: NumberingPlanSchema.default(DEFAULT_NUMBERING_PLAN),
});
export type CallbacksFile = z.infer<typeof CallbacksFileSchema>;
