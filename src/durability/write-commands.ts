// Every database write the engine decides, as plain data: it is journalled to disk before it is
// applied, so it must survive a crash as JSON and be checked again (zod) when it is read back.
// Each command is idempotent when applied twice (upserts keyed by ids, "first one wins" updates).
import { z } from 'zod';
import { SurveyQuestionSchema } from '../survey/survey-config.ts';

const ms = z.number().finite();

/** What the caller chose in the menu (src/queue/caller-choice.ts), kept with the queue entry. */
const CallerChoiceSchema = z.object({
  reason: z.string(),
  menuPath: z.array(z.string()).readonly(),
  collected: z.record(z.string(), z.string()).readonly(),
});

export const WriteCommandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('call-started'),
    callId: z.string().min(1),
    channelId: z.string().min(1),
    serviceId: z.string().nullable(),
    callerNumber: z.string(),
    dialledNumber: z.string(),
    language: z.string().nullable(),
    configVersion: z.string().nullable(),
    at: ms,
  }),
  z.object({ type: z.literal('call-answered'), callId: z.string().min(1), at: ms }),
  z.object({
    type: z.literal('call-ended'),
    callId: z.string().min(1),
    at: ms,
    cause: z.string(),
    outcome: z.string(),
  }),
  z.object({ type: z.literal('call-language'), callId: z.string().min(1), language: z.string() }),
  z.object({
    type: z.literal('operator-state'),
    operatorId: z.string().min(1),
    state: z.enum(['offline', 'paused', 'available']),
    reason: z.string().nullable(),
    at: ms,
    live: z.enum(['started', 'ended', 'unchanged']),
  }),
  z.object({
    type: z.literal('queue-entry'),
    callId: z.string().min(1),
    serviceId: z.string(),
    channelId: z.string(),
    callerNumber: z.string(),
    language: z.string(),
    urgent: z.boolean(),
    joinedAt: ms,
    choice: CallerChoiceSchema.optional(),
  }),
  z.object({
    type: z.literal('queue-entry-closed'),
    callId: z.string().min(1),
    outcome: z.string(),
    at: ms,
    operatorId: z.string().optional(),
  }),
  /** The lost call only; its callback is created by the outbox sweep (src/durability/lost-call-outbox.ts). */
  z.object({
    type: z.literal('lost-call'),
    callId: z.string().min(1),
    serviceId: z.string(),
    callerNumber: z.string(),
    language: z.string(),
    waitedMs: z.number().nonnegative(),
    position: z.number().int(),
    hungUpAt: ms,
    /** An urgent caller: the callback is dialled at once, at any hour. */
    urgent: z.boolean().optional(),
  }),
  z.object({
    type: z.literal('escalation'),
    escalationId: z.string().min(1),
    callId: z.string().min(1),
    serviceId: z.string(),
    callerNumber: z.string(),
    language: z.string(),
    reason: z.string(),
    raisedAt: ms,
    webhookUrl: z.string().optional(),
    choice: CallerChoiceSchema.optional(),
    webhookRetries: z.number().int().nonnegative(),
  }),
  z.object({
    type: z.literal('escalation-update'),
    escalationId: z.string().min(1),
    dutyRungAt: ms.optional(),
    answeredAt: ms.optional(),
    answeredBy: z.string().optional(),
  }),
  /** A rung of the urgent escalation ladder was rung (src/escalation). */
  z.object({
    type: z.literal('escalation-rung'),
    escalationId: z.string().min(1),
    attempt: z.number().int().positive(),
    round: z.number().int().positive(),
    rung: z.number().int().nonnegative(),
    endpoint: z.string(),
    name: z.string().optional(),
    at: ms,
  }),
  z.object({
    type: z.literal('escalation-rung-ended'),
    escalationId: z.string().min(1),
    attempt: z.number().int().positive(),
    outcome: z.string(),
    at: ms,
  }),
  /** An answer to the post-call survey (src/survey): one per call and question. */
  z.object({
    type: z.literal('survey-answer'),
    callId: z.string().min(1),
    serviceId: z.string(),
    operatorId: z.string().optional(),
    appealId: z.string().optional(),
    question: SurveyQuestionSchema,
    answer: z.string().min(1),
    at: ms,
  }),
  /** Open live-service intervals are still live at `at` (the weekly cap survives a crash). */
  z.object({ type: z.literal('live-heartbeat'), at: ms }),
]);

export type WriteCommand = z.infer<typeof WriteCommandSchema>;
export type WriteCommandOf<T extends WriteCommand['type']> = Extract<WriteCommand, { type: T }>;

/** Applies one command to the store; throws when it could not (the journal retries it). */
export type WriteApplier = (command: WriteCommand) => Promise<void>;
