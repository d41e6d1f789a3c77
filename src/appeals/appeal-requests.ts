// What callers send to the registry (API bodies and in-process calls): one zod schema each, the
// TypeScript types inferred from them. Pure: no I/O.
import { z } from 'zod';
import { AppealCategorySchema, AppealLanguageSchema, CitizenInformedRequestSchema } from './appeal.ts';

export const RegisterAppealRequestSchema = z.object({
  serviceId: z.string().min(1),
  /** The citizen's number (E.164 or as the caller id gave it). */
  citizenNumber: z.string().min(3).max(32),
  citizenName: z.string().min(1).max(200).optional(),
  language: AppealLanguageSchema,
  category: AppealCategorySchema,
  summary: z.string().min(1).max(4000),
  callIds: z.array(z.string().min(1)).max(50).optional(),
  callbackIds: z.array(z.string().min(1)).max(50).optional(),
  menuPath: z.array(z.string()).max(100).optional(),
  keyed: z.record(z.string(), z.string().max(64)).optional(),
  /** Responsible unit (units.yaml id); may be set later by forwarding. */
  unitId: z.string().min(1).optional(),
  /** 30 working days instead of 15. */
  needsStudy: z.boolean().optional(),
});
export type RegisterAppealRequest = z.infer<typeof RegisterAppealRequestSchema>;

const note = z.string().max(2000).optional();
/** A requested status change. `note` goes to the history (the reason of the change). */
export const TransitionRequestSchema = z.discriminatedUnion('to', [
  z.object({ to: z.literal('answered-directly'), result: z.string().min(1).max(4000), note }),
  z.object({ to: z.literal('forwarded'), unitId: z.string().min(1), note }),
  z.object({ to: z.literal('in-review'), note }),
  z.object({
    to: z.literal('answered'),
    result: z.string().min(1).max(4000),
    citizenInformed: CitizenInformedRequestSchema,
    note,
  }),
  z.object({ to: z.literal('closed'), note }),
  z.object({ to: z.literal('referred-elsewhere'), body: z.string().min(1).max(300), note }),
  z.object({
    to: z.literal('left-unexamined-repeated'),
    citizenInformed: CitizenInformedRequestSchema,
    note,
  }),
]);
export type TransitionRequest = z.infer<typeof TransitionRequestSchema>;
