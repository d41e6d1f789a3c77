// /api/escalations: the urgent matters raised, newest first, each with the rungs of the ladder
// rung for it and how each ended, and the webhook's delivery. For supervisors and admins.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { IsoTimeSchema, isoTime, isoTimeOrNull } from '../http/api-time.ts';
import { useZod } from '../http/zod-validation.ts';
import {
  ESCALATION_STATES,
  type EscalationRecord,
  type EscalationRepository,
} from './escalation-repository.ts';

export const EscalationsQuerySchema = z.strictObject({
  state: z
    .enum(ESCALATION_STATES)
    .optional()
    .describe('open: the caller still waits for a person; answered; unanswered: the caller left first'),
  limit: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .default(100)
    .describe('how many, newest first (1–1000, default 100)'),
});

const RungSchema = z.object({
  attempt: z.number().int(),
  round: z.number().int(),
  rung: z.number().int(),
  endpoint: z.string(),
  name: z.string().nullable(),
  rungAt: IsoTimeSchema,
  endedAt: IsoTimeSchema.nullable(),
  outcome: z.string().nullable(),
});

export const EscalationSchema = z.object({
  id: z.string(),
  callId: z.string(),
  serviceId: z.string(),
  callerNumber: z.string(),
  language: z.string().nullable(),
  reason: z.string(),
  menuPath: z.array(z.string()),
  collected: z.record(z.string(), z.string()),
  raisedAt: IsoTimeSchema,
  state: z.enum(ESCALATION_STATES),
  answeredAt: IsoTimeSchema.nullable(),
  answeredBy: z.string().nullable(),
  webhook: z.object({
    status: z.string(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    deliveredAt: IsoTimeSchema.nullable(),
  }),
  rungs: z.array(RungSchema),
});
export type EscalationDto = z.infer<typeof EscalationSchema>;

export function toEscalationDto(e: EscalationRecord): EscalationDto {
  return {
    id: e.id,
    callId: e.callId,
    serviceId: e.serviceId,
    callerNumber: e.callerNumber,
    language: e.language,
    reason: e.reason,
    menuPath: e.menuPath,
    collected: e.collected,
    raisedAt: isoTime(e.raisedAt),
    state: e.state,
    answeredAt: isoTimeOrNull(e.answeredAt),
    answeredBy: e.answeredBy,
    webhook: {
      status: e.webhookStatus,
      attempts: e.webhookAttempts,
      lastError: e.webhookLastError,
      deliveredAt: isoTimeOrNull(e.webhookDeliveredAt),
    },
    rungs: e.rungs.map((r) => ({ ...r, rungAt: isoTime(r.rungAt), endedAt: isoTimeOrNull(r.endedAt) })),
  };
}

export function escalationsRoutes(repo: Pick<EscalationRepository, 'list'>): FastifyPluginAsync {
  return async (plain) => {
    const app = useZod(plain);
    app.get(
      '/escalations',
      {
        config: { roles: ['supervisor', 'admin'] },
        schema: {
          tags: ['escalations'],
          summary: 'Urgent escalations, newest first, with the rungs of the ladder rung for each',
          querystring: EscalationsQuerySchema,
          response: { 200: z.object({ escalations: z.array(EscalationSchema) }) },
        },
      },
      async (request) => {
        const { state, limit } = request.query;
        const rows = await repo.list({ limit, ...(state && { state }) });
        return { escalations: rows.map(toEscalationDto) };
      },
    );
  };
}
