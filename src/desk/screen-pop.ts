// What the operator's desk receives, as zod schemas (one source for the types, the OpenAPI text
// and the browser's parsing): the screen pop of the call or callback given to the operator, and
// the other events of the desk stream. Pure: no I/O here.
import { z } from 'zod';
import { AppealCategorySchema, AppealStatusSchema } from '../appeals/appeal.ts';

export const CALLBACK_WHY = ['lost-call', 'booked', 'urgent'] as const;

export const RecentCallSchema = z.object({
  id: z.string(),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime().nullable(),
  outcome: z.string().nullable(),
});

export const OpenAppealSchema = z.object({
  regNo: z.string(),
  category: AppealCategorySchema,
  status: AppealStatusSchema,
  summary: z.string(),
  unitId: z.string().optional(),
  registeredAt: z.iso.datetime(),
  deadline: z.iso.datetime(),
});

export const ScreenPopSchema = z.object({
  /** The call id, or the callback id for a callback: what the wrap-up form names. */
  workId: z.string(),
  kind: z.enum(['call', 'callback']),
  operatorId: z.string(),
  /** The citizen's call (for a callback: the call it came from, when known). */
  callId: z.string().nullable(),
  serviceId: z.string(),
  callerNumber: z.string(),
  language: z.string(),
  /** The menu action's reason (`complaint`, `appeal-status`, an urgent matter) or `zero`/`operator`. */
  reason: z.string(),
  menuPath: z.array(z.string()),
  /** Values keyed in on the way (`appealNumber`). */
  keyed: z.record(z.string(), z.string()),
  appealNumber: z.string().nullable(),
  urgent: z.boolean(),
  /** For a callback: its id, why it is made and the number it dials. */
  callback: z.object({ id: z.string(), why: z.enum(CALLBACK_WHY), number: z.string() }).nullable(),
  recentCalls: z.array(RecentCallSchema),
  openAppeals: z.array(OpenAppealSchema),
  at: z.iso.datetime(),
});
export type ScreenPop = z.infer<typeof ScreenPopSchema>;
export type RecentCall = z.infer<typeof RecentCallSchema>;
export type OpenAppeal = z.infer<typeof OpenAppealSchema>;

export const OperatorStateEventSchema = z.object({
  operatorId: z.string(),
  state: z.enum(['offline', 'available', 'ringing', 'on-call', 'wrap-up', 'paused']),
  reason: z.string().optional(),
  since: z.iso.datetime(),
  /** While in wrap-up: when the wrap-up time runs out and the operator becomes available. */
  wrapUpUntil: z.iso.datetime().optional(),
});

/** The events of `GET /api/desk/events` (SSE `event:` name and `data:` JSON). */
export type DeskEvent =
  | { event: 'screen-pop'; data: ScreenPop }
  | { event: 'state'; data: z.infer<typeof OperatorStateEventSchema> }
  | { event: 'call-ended'; data: { workId: string; kind: 'call' | 'callback'; at: string } }
  | { event: 'wrap-up'; data: { workId: string; deadline: string } }
  | { event: 'wrap-up-ended'; data: { workId: string; outcome: 'done' | 'missing'; regNo: string | null } };
