// What the API shows of an appeal, and to whom. Citizen numbers and names are personal data:
// operators, supervisors, admins (and the automation token) see them; a unit member sees them only
// on appeals forwarded to one of their units, masked elsewhere.
import { z } from 'zod';
import type { Principal } from '../accounts/principal.ts';
import { isoTime } from '../http/api-time.ts';
import { maskNumber } from '../log/logger.ts';
import {
  type Appeal,
  AppealCategorySchema,
  AppealLanguageSchema,
  AppealStatusSchema,
  type AppealWithHistory,
  isOpen,
} from './appeal.ts';
import type { DeadlineState } from './appeal-deadlines.ts';
import { nextStatuses } from './appeal-transitions.ts';

const Iso = z.iso.datetime();

export const AppealDtoSchema = z.object({
  regNo: z.string(),
  serviceId: z.string(),
  registeredAt: Iso,
  callIds: z.array(z.string()),
  callbackIds: z.array(z.string()),
  citizenNumber: z
    .string()
    .describe('masked (e.g. +99*******67) for a unit member unless the appeal is their unit’s'),
  citizenNumberMasked: z.boolean(),
  citizenName: z.string().optional(),
  language: AppealLanguageSchema,
  category: AppealCategorySchema,
  menuPath: z.array(z.string()),
  keyed: z.record(z.string(), z.string()),
  summary: z.string(),
  unitId: z.string().optional(),
  deadline: Iso,
  deadlineDays: z.number().int(),
  deadlineState: z.enum(['ok', 'near', 'overdue', 'none']).describe('none once the appeal is finished'),
  status: AppealStatusSchema,
  nextStatuses: z.array(AppealStatusSchema),
  result: z.string().optional(),
  resultAt: Iso.optional(),
  citizenInformed: z.object({ how: z.string(), at: Iso }).optional(),
  referral: z.object({ body: z.string(), dueBy: Iso, sentAt: Iso.optional() }).optional(),
  possibleRepeatOf: z.array(z.string()).optional(),
});
export type AppealDto = z.infer<typeof AppealDtoSchema>;

export const HistoryDtoSchema = z.object({
  at: Iso,
  actor: z.string(),
  what: z.string(),
  note: z.string().optional(),
});

/** Whether `p` may see the citizen's number and name on `appeal`. */
export function seesCitizen(p: Principal, appeal: Pick<Appeal, 'unitId'>): boolean {
  if (p.kind === 'token') return true;
  if (p.roles.some((r) => r === 'operator' || r === 'supervisor' || r === 'admin')) return true;
  return appeal.unitId !== undefined && (p.unitIds as readonly string[]).includes(appeal.unitId);
}

/** A person whose only role is `unit`: they act on their own units' appeals. */
export function unitOnly(p: Principal): p is Extract<Principal, { kind: 'user' }> {
  return p.kind === 'user' && p.roles.every((r) => r === 'unit');
}

export function toAppealDto(a: Appeal, p: Principal, state: DeadlineState | undefined): AppealDto {
  const sees = seesCitizen(p, a);
  return {
    regNo: a.regNo,
    serviceId: a.serviceId,
    registeredAt: isoTime(a.registeredAt),
    callIds: a.callIds,
    callbackIds: a.callbackIds,
    citizenNumber: sees ? a.citizenNumber : maskNumber(a.citizenNumber),
    citizenNumberMasked: !sees,
    ...(a.citizenName !== undefined && sees && { citizenName: a.citizenName }),
    language: a.language,
    category: a.category,
    menuPath: a.menuPath,
    keyed: sees ? a.keyed : {},
    summary: a.summary,
    ...(a.unitId !== undefined && { unitId: a.unitId }),
    deadline: isoTime(a.deadline),
    deadlineDays: a.deadlineDays,
    deadlineState: isOpen(a.status) ? (state ?? 'ok') : 'none',
    status: a.status,
    nextStatuses: [...nextStatuses(a.status)],
    ...(a.result !== undefined && { result: a.result }),
    ...(a.resultAt !== undefined && { resultAt: isoTime(a.resultAt) }),
    ...(a.citizenInformed && {
      citizenInformed: { how: a.citizenInformed.how, at: isoTime(a.citizenInformed.at) },
    }),
    ...(a.referral && {
      referral: {
        body: a.referral.body,
        dueBy: isoTime(a.referral.dueBy),
        ...(a.referral.sentAt !== undefined && { sentAt: isoTime(a.referral.sentAt) }),
      },
    }),
    ...(a.possibleRepeatOf && { possibleRepeatOf: a.possibleRepeatOf }),
  };
}

export function toHistoryDto(h: AppealWithHistory['history'][number]) {
  return { at: isoTime(h.at), actor: h.actor, what: h.what, ...(h.note !== undefined && { note: h.note }) };
}
