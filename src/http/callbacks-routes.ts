// /api/callbacks: list callbacks (by status, kind, due day), one with its audit trail, and an
// admin cancel. `date` is a local day in the centre's time zone: a callback is listed on every day
// its due window overlaps (a lost call on its day; a booking on the day it is due, not the day it
// was made — what the team needs to plan the day's calls).
import type { FastifyPluginAsync } from 'fastify';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type {
  CallbackAttemptRecord,
  CallbackAuditRecord,
  CallbackRecord,
} from '../callbacks/callback-record.ts';
import type { CancelResult } from '../callbacks/callback-service.ts';
import { CALLBACK_STATUSES } from '../callbacks/policy/callback-lifecycle.ts';
import type { CallbackRepository } from '../db/callback-repository.ts';
import { IsoTimeSchema, isoTime, isoTimeOrNull } from './api-time.ts';
import { useZod } from './zod-validation.ts';

export interface CallbacksRoutesDeps {
  repo: Pick<CallbackRepository, 'list' | 'getWithAudit'>;
  cancel(id: string, by: string, note?: string): Promise<CancelResult>;
  /** Zone of `date` (default Asia/Baku). */
  timeZone?: string;
}

const KINDS = ['lost-call', 'booked', 'urgent'] as const;

export const CallbacksQuerySchema = z.strictObject({
  status: z.enum(CALLBACK_STATUSES).optional().describe('only callbacks in this status'),
  kind: z.enum(KINDS).optional().describe('lost-call, booked or urgent'),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD')
    .refine((d) => DateTime.fromISO(d).isValid, 'is not a real calendar day')
    .optional()
    .describe('local day (YYYY-MM-DD) the due window overlaps'),
  limit: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .default(200)
    .describe('how many, earliest due first (1–1000, default 200)'),
});

const IdParamsSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a callback id (letters, digits and "-")')
    .describe('callback id'),
});

export const CancelBodySchema = z.strictObject({
  reason: z.string().trim().min(1, 'say why the callback is cancelled').max(500, 'at most 500 characters'),
  by: z.string().trim().min(1).max(100).default('admin').describe('who cancels (shown in the audit trail)'),
});

export const CallbackSchema = z.object({
  id: z.string(),
  kind: z.enum(KINDS),
  serviceId: z.string(),
  number: z.string(),
  language: z.string(),
  status: z.enum(CALLBACK_STATUSES),
  dueFrom: IsoTimeSchema,
  dueUntil: IsoTimeSchema,
  nextAttemptAt: IsoTimeSchema,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  sourceCallId: z.string().nullable(),
  operatorId: z.string().nullable(),
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
});
export type CallbackDto = z.infer<typeof CallbackSchema>;

const AuditSchema = z.object({
  at: IsoTimeSchema,
  from: z.enum(CALLBACK_STATUSES).nullable(),
  to: z.enum(CALLBACK_STATUSES),
  attempt: z.number().int(),
  reason: z.string(),
});

const AttemptSchema = z.object({
  attempt: z.number().int(),
  claimedAt: IsoTimeSchema,
  endedAt: IsoTimeSchema.nullable(),
  result: z.string().nullable(),
  worker: z.string(),
});

const ErrorSchema = z.object({ message: z.string() });

export function toCallbackDto(c: CallbackRecord): CallbackDto {
  return {
    ...c,
    dueFrom: isoTime(c.dueFrom),
    dueUntil: isoTime(c.dueUntil),
    nextAttemptAt: isoTime(c.nextAttemptAt),
    createdAt: isoTime(c.createdAt),
    updatedAt: isoTime(c.updatedAt),
  };
}

const toAuditDto = (a: CallbackAuditRecord) => ({ ...a, at: isoTime(a.at) });
const toAttemptDto = (a: CallbackAttemptRecord) => ({
  attempt: a.attempt,
  claimedAt: isoTime(a.claimedAt),
  endedAt: isoTimeOrNull(a.endedAt),
  result: a.result,
  worker: a.worker,
});

export function callbacksRoutes(deps: CallbacksRoutesDeps): FastifyPluginAsync {
  const zone = deps.timeZone ?? 'Asia/Baku';
  return async (plain) => {
    const app = useZod(plain);

    app.get(
      '/callbacks',
      {
        config: { roles: ['operator', 'supervisor', 'admin'] },
        schema: {
          tags: ['callbacks'],
          summary: 'Callbacks, earliest due first',
          querystring: CallbacksQuerySchema,
          response: { 200: z.object({ callbacks: z.array(CallbackSchema) }) },
        },
      },
      async (request) => {
        const { status, kind, date, limit } = request.query;
        const day = date ? DateTime.fromISO(date, { zone }).startOf('day') : undefined;
        const rows = await deps.repo.list({
          limit,
          ...(status && { status }),
          ...(kind && { kind }),
          ...(day && { dueDuring: { from: day.toMillis(), until: day.plus({ days: 1 }).toMillis() } }),
        });
        return { callbacks: rows.map(toCallbackDto) };
      },
    );

    app.get(
      '/callbacks/:id',
      {
        config: { roles: ['operator', 'supervisor', 'admin'] },
        schema: {
          tags: ['callbacks'],
          summary: 'One callback with its audit trail and attempts',
          params: IdParamsSchema,
          response: {
            200: z.object({
              callback: CallbackSchema,
              audit: z.array(AuditSchema),
              attempts: z.array(AttemptSchema),
            }),
            404: ErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const found = await deps.repo.getWithAudit(request.params.id);
        if (!found) return reply.code(404).send({ message: `no callback ${request.params.id}` });
        return {
          callback: toCallbackDto(found.callback),
          audit: found.audit.map(toAuditDto),
          attempts: found.attempts.map(toAttemptDto),
        };
      },
    );

    app.post(
      '/callbacks/:id/cancel',
      {
        config: { roles: ['supervisor', 'admin'] },
        schema: {
          tags: ['callbacks'],
          summary: 'Cancel an open callback (hangs up an attempt in progress)',
          params: IdParamsSchema,
          body: CancelBodySchema,
          response: { 200: z.object({ callback: CallbackSchema }), 404: ErrorSchema, 409: ErrorSchema },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const result = await deps.cancel(id, request.body.by, request.body.reason);
        switch (result.kind) {
          case 'not-found':
            return reply.code(404).send({ message: `no callback ${id}` });
          case 'closed':
            return reply.code(409).send({
              message: `callback ${id} is already ${result.callback.status}; nothing to cancel (${result.reason})`,
            });
          case 'cancelled':
            return { callback: toCallbackDto(result.callback) };
        }
      },
    );
  };
}
