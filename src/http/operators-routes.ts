// Operators and the live queue: who is logged in, paused, talking, how close to the weekly cap,
// and who is waiting. Operators log in / out and pause through PUT /operators/:id/state.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { OperatorId } from '../domain/ids.ts';
import type { AdminCommand, QueueSnapshot } from '../queue/index.ts';
import { isoTime } from './api-time.ts';
import { useZod } from './zod-validation.ts';

export interface OperatorsControl {
  snapshot(): QueueSnapshot;
  operatorCommand(
    operatorId: OperatorId,
    command: AdminCommand,
  ): { ok: true } | { ok: false; reason: string };
}

export const OperatorStateBodySchema = z
  .object({
    state: z
      .enum(['available', 'offline', 'paused'])
      .describe('available = logged in and ready; offline = logged out'),
    reason: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('why the operator pauses (required for paused)'),
  })
  .strict()
  .refine((b) => b.state !== 'paused' || b.reason !== undefined, {
    message: 'a pause needs a reason',
    path: ['reason'],
  });

const ParamsSchema = z
  .object({ id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'an operator id such as op1') })
  .strict();

/** The queue command that moves an operator to the asked state (also used by PUT /api/me/state). */
export function commandFor(
  body: z.infer<typeof OperatorStateBodySchema>,
  current: string | undefined,
): AdminCommand {
  if (body.state === 'offline') return { kind: 'logout' };
  if (body.state === 'paused') return { kind: 'pause', reason: body.reason ?? 'paused' };
  return current === 'paused' ? { kind: 'unpause' } : { kind: 'login' };
}

export function operatorsRoutes(queue: OperatorsControl): FastifyPluginAsync {
  return async (plain) => {
    const app = useZod(plain);
    app.get(
      '/operators',
      {
        config: { roles: ['supervisor', 'admin'] },
        schema: { tags: ['operators'], summary: 'Operators, their state and weekly service time' },
      },
      async () => {
        const snap = queue.snapshot();
        return {
          at: isoTime(snap.at),
          operators: snap.operators.map((o) => ({
            ...o,
            since: isoTime(o.since),
            wrapUpUntil: o.wrapUpUntil === undefined ? undefined : isoTime(o.wrapUpUntil),
            weeklyHours: Math.round((o.weeklySeconds / 3600) * 100) / 100,
          })),
        };
      },
    );
    app.put(
      '/operators/:id/state',
      {
        // Operators move themselves through PUT /api/me/state.
        config: { roles: ['supervisor', 'admin'] },
        schema: {
          tags: ['operators'],
          summary: 'Log an operator in or out, pause or unpause them',
          params: ParamsSchema,
          body: OperatorStateBodySchema,
        },
      },
      async (request, reply) => {
        const id = OperatorId(request.params.id);
        const current = queue.snapshot().operators.find((o) => o.id === id);
        if (!current) return reply.code(404).send({ message: `no operator ${id}` });
        const result = queue.operatorCommand(id, commandFor(request.body, current.state));
        if (!result.ok) return reply.code(409).send({ message: result.reason });
        const after = queue.snapshot().operators.find((o) => o.id === id);
        return { id, state: after?.state, reason: after?.reason };
      },
    );
    app.get(
      '/queue',
      {
        config: { roles: ['operator', 'supervisor', 'admin'] },
        schema: { tags: ['operators'], summary: 'Callers waiting now, in order' },
      },
      async () => {
        const snap = queue.snapshot();
        return {
          at: isoTime(snap.at),
          waiting: snap.waiting.map((w) => ({
            ...w,
            joinedAt: isoTime(w.joinedAt),
            waitedSec: Math.round(w.waitedMs / 100) / 10,
          })),
          callbacks: snap.callbacks,
        };
      },
    );
  };
}
