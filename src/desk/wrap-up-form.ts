// The operator's wrap-up form and what it asks of the appeal registry: register a new appeal (or
// add to the one the caller named), then mark it answered directly, forwarded to a unit or
// referred elsewhere. Pure: the desk service carries the steps out through the AppealService.
import { z } from 'zod';
import { AppealCategorySchema, AppealLanguageSchema, RegNoSchema } from '../appeals/appeal.ts';
import type { RegisterAppealRequest, TransitionRequest } from '../appeals/appeal-service.ts';
import type { ScreenPop } from './screen-pop.ts';

export const WRAP_UP_OUTCOMES = [
  'registered',
  'answered-directly',
  'forwarded',
  'referred-elsewhere',
] as const;

export const WrapUpFormSchema = z
  .strictObject({
    workId: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/, 'the call or callback id from the screen pop')
      .describe('the call (or callback) the form is about: the screen pop’s workId'),
    category: AppealCategorySchema,
    summary: z.string().trim().min(1, 'say what the appeal is about').max(4000),
    outcome: z
      .enum(WRAP_UP_OUTCOMES)
      .describe('registered only, answered directly, forwarded to a unit, or referred to another body'),
    unitId: z.string().trim().min(1).max(64).optional().describe('responsible unit (units.yaml id)'),
    result: z.string().trim().min(1).max(4000).optional().describe('the answer given (answered directly)'),
    referredTo: z.string().trim().min(1).max(300).optional().describe('the body referred to'),
    regNo: RegNoSchema.optional().describe('update this appeal instead of registering a new one'),
    needsStudy: z.boolean().optional().describe('30 working days instead of 15'),
    citizenName: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.outcome === 'forwarded' && !f.unitId)
      ctx.addIssue({ code: 'custom', path: ['unitId'], message: 'a forwarded appeal needs its unit' });
    if (f.outcome === 'referred-elsewhere' && !f.referredTo)
      ctx.addIssue({ code: 'custom', path: ['referredTo'], message: 'say which body it is referred to' });
  });
export type WrapUpForm = z.infer<typeof WrapUpFormSchema>;

/** What to ask of the registry: a registration (absent when updating `regNo`), then a transition. */
export interface AppealSteps {
  register?: RegisterAppealRequest;
  /** Added to the named appeal's history when the form updates an existing appeal. */
  comment?: string;
  transition?: TransitionRequest;
}

export function appealSteps(form: WrapUpForm, pop: ScreenPop): AppealSteps {
  const note = `wrap-up of ${pop.kind} ${pop.workId}`;
  const transition = transitionOf(form, note);
  if (form.regNo) {
    return { comment: `${note}: ${form.summary}`, ...(transition && { transition }) };
  }
  // Services speak az, ru or en; a call classified otherwise is registered in the centre's az.
  const language = AppealLanguageSchema.safeParse(pop.language).data ?? 'az';
  const register: RegisterAppealRequest = {
    serviceId: pop.serviceId,
    citizenNumber: pop.callerNumber,
    language,
    category: form.category,
    summary: form.summary,
    menuPath: pop.menuPath,
    keyed: pop.keyed,
    ...(pop.kind === 'call' ? { callIds: [pop.workId] } : { callbackIds: [pop.workId] }),
    ...(pop.kind === 'callback' && pop.callId ? { callIds: [pop.callId] } : {}),
    ...(form.unitId && { unitId: form.unitId }),
    ...(form.needsStudy !== undefined && { needsStudy: form.needsStudy }),
    ...(form.citizenName && { citizenName: form.citizenName }),
  };
  return { register, ...(transition && { transition }) };
}

function transitionOf(form: WrapUpForm, note: string): TransitionRequest | undefined {
  switch (form.outcome) {
    case 'registered':
      return undefined;
    case 'answered-directly':
      return { to: 'answered-directly', result: form.result ?? form.summary, note };
    case 'forwarded':
      return { to: 'forwarded', unitId: form.unitId ?? '', note };
    case 'referred-elsewhere':
      return { to: 'referred-elsewhere', body: form.referredTo ?? '', note };
  }
}
