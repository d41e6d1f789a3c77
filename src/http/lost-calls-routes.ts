// GET /api/lost-calls: callers who waited more than the threshold and hung up (each is called back).
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { QueueRepository } from '../db/queue-repository.ts';
import { isoTime } from './api-time.ts';
import { useZod } from './zod-validation.ts';

export const LostCallsQuerySchema = z
  .object({
    since: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('only calls lost at or after this instant (ISO 8601)'),
    limit: z.coerce.number().int('must be a whole number').min(1).max(500).default(100),
  })
  .strict();

export function lostCallsRoutes(repo: QueueRepository): FastifyPluginAsync {
  return async (plain) => {
    const app = useZod(plain);
    app.get(
      '/lost-calls',
      {
        config: { roles: ['supervisor', 'admin'] },
        schema: { tags: ['queue'], summary: 'Lost calls, newest first', querystring: LostCallsQuerySchema },
      },
      async (request) => {
        const rows = await repo.listLostCalls({
          limit: request.query.limit,
          ...(request.query.since ? { since: new Date(request.query.since) } : {}),
        });
        return {
          lostCalls: rows.map((r) => ({
            id: r.id,
            callId: r.call_id,
            serviceId: r.service_id,
            callerNumber: r.caller_number,
            language: r.language,
            waitedSec: r.waited_ms / 1000,
            position: r.position,
            hungUpAt: isoTime(r.hung_up_at),
            callbackId: r.callback_id,
          })),
        };
      },
    );
  };
}
