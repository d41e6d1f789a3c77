// The appeal: one citizen's matter, from registration to its close. One source for the types and
// their zod schemas (API bodies, rows read back from Postgres, the in-process AppealService).
// Pure: no I/O here.
import { z } from 'zod';
import type { Brand } from '../domain/ids.ts';
import { APPEAL_CATEGORIES } from './appeal-categories.ts';

/** `1655-2026-000123`: the service's short number, the year, a gap-free sequence per service+year. */
export type RegNo = Brand<string, 'RegNo'>;
export const REG_NO_PATTERN = /^(\d{3,4})-(\d{4})-(\d{6})$/;
export const RegNoSchema = z
  .string()
  .regex(REG_NO_PATTERN, 'a registration number looks like 1655-2026-000123')
  .transform((s) => s as RegNo);
export const RegNo = (s: string) => s as RegNo;

export function formatRegNo(serviceNumber: string, year: number, seq: number): RegNo {
  return `${serviceNumber}-${year}-${String(seq).padStart(6, '0')}` as RegNo;
}

export const AppealCategorySchema = z.enum(APPEAL_CATEGORIES);
export type AppealCategory = z.infer<typeof AppealCategorySchema>;

export const AppealStatusSchema = z.enum([
  'registered',
  'answered-directly',
  'forwarded',
  'in-review',
  'answered',
  'closed',
  'referred-elsewhere',
  'left-unexamined-repeated',
]);
export type AppealStatus = z.infer<typeof AppealStatusSchema>;

export const AppealLanguageSchema = z.enum(['az', 'ru', 'en']);

/** How and when the citizen was told the result (the unit's report back). */
export const CitizenInformedSchema = z.object({
  how: z.enum(['phone', 'letter', 'email', 'in-person', 'sms']),
  /** Epoch ms, or an ISO date-time with its offset (API bodies). */
  at: z.union([
    z.number().int().nonnegative(),
    z.iso.datetime({ offset: true }).transform((t) => Date.parse(t)),
  ]),
});
export type CitizenInformed = z.infer<typeof CitizenInformedSchema>;
/** In a request `at` may be left out: then it is now by the engine's clock (a browser's may be ahead). */
export const CitizenInformedRequestSchema = CitizenInformedSchema.extend({
  at: CitizenInformedSchema.shape.at.optional(),
});

/** Where an out-of-competence appeal was sent, and by when it must be (3 working days). */
export const ReferralSchema = z.object({
  body: z.string().min(1).max(300),
  dueBy: z.number().int(),
  sentAt: z.number().int().optional(),
});
export type Referral = z.infer<typeof ReferralSchema>;

export const AppealSchema = z.object({
  regNo: RegNoSchema,
  serviceId: z.string().min(1),
  registeredAt: z.number().int(),
  callIds: z.array(z.string()),
  callbackIds: z.array(z.string()),
  citizenNumber: z.string().min(1).max(32),
  citizenName: z.string().max(200).optional(),
  language: AppealLanguageSchema,
  category: AppealCategorySchema,
  menuPath: z.array(z.string()),
  keyed: z.record(z.string(), z.string()),
  summary: z.string().max(4000),
  unitId: z.string().optional(),
  /** Epoch ms of the end of the last working day allowed. */
  deadline: z.number().int(),
  /** 15 working days, 30 when the appeal needs additional study, 3 to refer one out of competence. */
  deadlineDays: z.number().int().positive(),
  status: AppealStatusSchema,
  /** When the result was given (answered-directly, answered, referred-elsewhere, left-unexamined). */
  resultAt: z.number().int().optional(),
  result: z.string().max(4000).optional(),
  citizenInformed: CitizenInformedSchema.optional(),
  referral: ReferralSchema.optional(),
  /** Earlier answered appeals of the same number, category and unit within a year (3 or more). */
  possibleRepeatOf: z.array(z.string()).optional(),
});
export type Appeal = z.infer<typeof AppealSchema>;

export const HistoryEntrySchema = z.object({
  at: z.number().int(),
  actor: z.string(),
  /** `registered`, `transition:forwarded`, `comment`, `deadline-extended`, `reminded`, ... */
  what: z.string(),
  note: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export interface AppealWithHistory extends Appeal {
  history: HistoryEntry[];
}

/** Statuses from which nothing more is owed to the citizen. */
export const FINISHED_STATUSES: readonly AppealStatus[] = [
  'answered-directly',
  'answered',
  'closed',
  'referred-elsewhere',
  'left-unexamined-repeated',
];
export const isOpen = (s: AppealStatus) => !FINISHED_STATUSES.includes(s);
