// GET /api/calls: the most recent calls, newest first, optionally for one caller number.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { CallRepository } from '../db/call-repository.ts';
import type { CallRow } from '../db/schema.ts';
import type { CallerChoice } from '../queue/index.ts';
import { IsoTimeSchema, isoTime, isoTimeOrNull } from './api-time.ts';
import { useZod } from './zod-validation.ts';

export const CallsQuerySchema = z
  .object({
    number: z
      .string()
      .trim()
      .regex(/^\+?[0-9]{2,20}$/, 'must be the caller number as digits, optionally starting with +')
      .optional()
      .describe('only calls from this caller number, exactly as Asterisk gave it'),
    limit: z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(500, 'must be at most 500')
      .default(50)
      .describe('how many calls, newest first (1–500, default 50)'),
  })
  .strict();

export const CallSchema = z.object({
  id: z.string(),
  channel_id: z.string(),
  service_id: z.string().nullable(),
  caller_number: z.string(),
  dialled_number: z.string(),
  language: z.string().nullable(),
  config_version: z.string().nullable(),
  started_at: IsoTimeSchema,
  answered_at: IsoTimeSchema.nullable(),
  ended_at: IsoTimeSchema.nullable(),
  end_cause: z.string().nullable(),
  outcome: z.string().nullable(),
  choice: z
    .object({
      reason: z.string(),
      menuPath: z.array(z.string()).readonly(),
      collected: z.record(z.string(), z.string()),
    })
    .nullable()
    .describe('what the caller chose in the menu on the way to an operator (null: never queued)'),
});
export type CallDto = z.infer<typeof CallSchema>;

export function toCallDto(row: CallRow, choice: CallerChoice | null = null): CallDto {
  return {
    ...row,
    choice,
    started_at: isoTime(row.started_at),
    answered_at: isoTimeOrNull(row.answered_at),
    ended_at: isoTimeOrNull(row.ended_at),
  };
}

/** Where the menu choices of queued calls are kept (QueueRepository). */
export interface CallChoices {
  choicesOf(callIds: readonly string[]): Promise<Map<string, CallerChoice>>;
}

export function callsRoutes(repo: CallRepository, choices?: CallChoices): FastifyPluginAsync {
  return async (plain) => {
    const app = useZod(plain);
    app.get(
      '/calls',
      {
        config: { roles: ['supervisor', 'admin'] },
        schema: {
          tags: ['calls'],
          summary: 'Recent calls, newest first',
          querystring: CallsQuerySchema,
          response: { 200: z.object({ calls: z.array(CallSchema) }) },
        },
      },
      async (request) => {
        const rows = await repo.listRecent(request.query);
        const chosen = (await choices?.choicesOf(rows.map((r) => r.id))) ?? new Map();
        return { calls: rows.map((r) => toCallDto(r, chosen.get(r.id) ?? null)) };
      },
    );
  };
}
