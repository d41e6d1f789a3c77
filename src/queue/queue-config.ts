// queues.yaml: the queues callers wait in and the operators who answer them (operators are
// shared by queues). One zod schema is both the validator and the type.
import { z } from 'zod';
import { type Brand, OperatorId } from '../domain/ids.ts';

export type QueueId = Brand<string, 'QueueId'>;
export const QueueId = (s: string) => s as QueueId;

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" or "_"');
const language = z.string().regex(/^[a-z]{2}$/, 'a two-letter language code such as az, ru, en');
const positiveSec = z.number().positive();

const endpoint = z.string().regex(/^[A-Za-z0-9]+\/\S+$/, 'an endpoint such as PJSIP/duty');

/** One rung of the urgent escalation ladder: a phone rung for `ringSec`, then the next rung. */
export const LadderRungSchema = z.object({
  endpoint,
  ringSec: positiveSec.max(300).default(20),
  /** Who this is (duty officer, supervisor), for the escalation record and the logs. */
  name: z.string().min(1).optional(),
});

export const UrgentConfigSchema = z
  .object({
    /** Escalations are POSTed here (a durable job with retries); omit to only record and log them. */
    webhookUrl: z.url().optional(),
    webhookRetries: z.number().int().min(0).max(20).default(5),
    /**
     * Rung in order, one at a time, when no operator has answered an urgent caller within
     * `startAfterSec`; after the last rung the ladder starts again after `restartAfterSec`
     * (urgent never gives up while the caller waits). Operators are still rung meanwhile.
     */
    ladder: z.array(LadderRungSchema).optional(),
    startAfterSec: z.number().min(0).optional(),
    restartAfterSec: positiveSec.max(600).default(30),
    /** Shorthand for a one-rung ladder (`ladder: [{ endpoint, ringSec: 60 }]`). */
    dutyEndpoint: endpoint.optional(),
    /** Shorthand for `startAfterSec`. */
    dutyAfterSec: positiveSec.optional(),
  })
  .refine((u) => !(u.ladder && u.dutyEndpoint), {
    message: 'give either ladder or dutyEndpoint, not both',
    path: ['dutyEndpoint'],
  })
  .transform(({ dutyEndpoint, dutyAfterSec, ladder, startAfterSec, ...rest }) => ({
    ...rest,
    /** Empty: nobody to reach (`cagri check` flags urgent actions routed here). */
    ladder: ladder ?? (dutyEndpoint ? [{ endpoint: dutyEndpoint, ringSec: 60 }] : []),
    startAfterSec: startAfterSec ?? dutyAfterSec ?? 20,
  }));

export type LadderRung = z.infer<typeof LadderRungSchema>;

export const QueueConfigSchema = z
  .object({
    id: id.transform(QueueId),
    ringTimeoutSec: positiveSec.default(15),
    wrapUpSec: z.number().min(0).default(10),
    announceEverySec: positiveSec.default(30),
    /** "More than" this many seconds waited and hung up = a lost call (called back). */
    lostCallThresholdSec: z.number().min(0).default(10),
    weeklyCapHours: positiveSec.max(168).default(36),
    weeklyWarnHours: positiveSec.max(168).default(32),
    /** An operator who does not answer when rung is paused automatically (reason `no-answer`). */
    noAnswerPause: z.boolean().default(true),
    /** At most this share of the operators free for the queue may be held by callbacks. */
    callbackShare: z.number().min(0).max(1).default(0.3),
    /**
     * A caller asks for an operator and nobody serving this queue is logged in: `offer-callback`
     * sends them straight to the callback offer; `wait` queues them anyway (someone may log in).
     * Urgent callers always wait (the duty phone covers them).
     */
    nobodyLoggedIn: z.enum(['offer-callback', 'wait']).default('offer-callback'),
    /**
     * A caller whose language no logged-in operator of the queue speaks may be put through to
     * any operator of the queue after this many seconds (0: at once; null: never).
     */
    overflowAfterSec: z.number().min(0).nullable().default(60),
    /**
     * When the service's live hours end: `offer-callback` takes the callers still waiting out
     * of the queue into the callback offer (next working day); `serve-until-empty` keeps them
     * until served. Urgent callers always stay.
     */
    atClosing: z.enum(['offer-callback', 'serve-until-empty']).default('offer-callback'),
    /** Pause before ringing again operators a caller has already tried without success. */
    retrySec: positiveSec.default(5),
    /** Extra keys while waiting; 0 always means "stay for an operator". */
    keys: z
      .object({ callback: z.string().regex(/^[1-9*#]$/, 'one key 1-9, * or # (0 is reserved)') })
      .partial()
      .default({}),
    urgent: UrgentConfigSchema.optional(),
  })
  .refine((q) => q.weeklyWarnHours <= q.weeklyCapHours, {
    message: 'weeklyWarnHours must not exceed weeklyCapHours',
    path: ['weeklyWarnHours'],
  });

export const OperatorConfigSchema = z.object({
  id: id.transform(OperatorId),
  name: z.string().min(1),
  endpoint: z.string().regex(/^[A-Za-z0-9]+\/\S+$/, 'an endpoint such as PJSIP/op1'),
  languages: z.array(language).min(1),
  queues: z.array(id.transform(QueueId)).min(1),
});

export const QueuesFileSchema = z
  .object({
    queues: z.array(QueueConfigSchema).min(1),
    operators: z.array(OperatorConfigSchema).default([]),
  })
  .superRefine((file, ctx) => {
    const queueIds = new Set<string>();
    file.queues.forEach((q, i) => {
      if (queueIds.has(q.id))
        ctx.addIssue({ code: 'custom', message: `duplicate queue id "${q.id}"`, path: ['queues', i, 'id'] });
      queueIds.add(q.id);
    });
    const operatorIds = new Set<string>();
    file.operators.forEach((op, i) => {
      if (operatorIds.has(op.id)) {
        ctx.addIssue({
          code: 'custom',
          message: `duplicate operator id "${op.id}"`,
          path: ['operators', i, 'id'],
        });
      }
      operatorIds.add(op.id);
      op.queues.forEach((q, j) => {
        if (!queueIds.has(q)) {
          ctx.addIssue({
            code: 'custom',
            message: `unknown queue "${q}" (queues: ${[...queueIds].join(', ')})`,
            path: ['operators', i, 'queues', j],
          });
        }
      });
    });
  });

export type QueuesFile = z.infer<typeof QueuesFileSchema>;
export type QueueConfig = z.infer<typeof QueueConfigSchema>;
export type OperatorConfig = z.infer<typeof OperatorConfigSchema>;
export type UrgentConfig = z.infer<typeof UrgentConfigSchema>;
