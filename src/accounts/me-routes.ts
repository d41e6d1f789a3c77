// /api/me: a signed-in operator sees their own queue state and weekly live time against the cap,
// and logs in, pauses or logs out themselves — the same queue command as
// PUT /api/operators/:id/state, refused the same way (e.g. at the 36-hour weekly cap).
import type { FastifyPluginAsync } from 'fastify';
import { isoTime } from '../http/api-time.ts';
import { commandFor, OperatorStateBodySchema, type OperatorsControl } from '../http/operators-routes.ts';
import { useZod } from '../http/zod-validation.ts';
import type { QueuesFile } from '../queue/queue-config.ts';
import type { AuditLog } from './audit-log.ts';
import type { Principal } from './principal.ts';
import { ROLES } from './roles.ts';

export interface MeRoutesDeps {
  queue: OperatorsControl;
  /** The running queues.yaml, for the weekly cap of the operator's queues. */
  queuesFile: () => QueuesFile;
  audit: AuditLog;
}

function capHoursOf(file: QueuesFile, queueIds: readonly string[]): number | null {
  const caps = file.queues.filter((q) => queueIds.includes(q.id)).map((q) => q.weeklyCapHours);
  return caps.length > 0 ? Math.min(...caps) : null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function meRoutes(deps: MeRoutesDeps): FastifyPluginAsync {
  const operatorView = (p: Principal) => {
    if (p.kind !== 'user' || !p.operatorId) return undefined;
    return deps.queue.snapshot().operators.find((o) => o.id === p.operatorId);
  };
  return async (plain) => {
    const app = useZod(plain);

    app.get(
      '/me',
      {
        config: { roles: ROLES },
        schema: {
          tags: ['me'],
          summary: 'Who I am and, for an operator, my queue state and weekly live time',
        },
      },
      async (request) => {
        const p = request.principal;
        const op = operatorView(p);
        const capHours = op ? capHoursOf(deps.queuesFile(), op.queues) : null;
        return {
          principal: p.kind === 'token' ? p : { ...p, roles: [...p.roles], unitIds: [...p.unitIds] },
          operator: op
            ? {
                id: op.id,
                name: op.name,
                state: op.state,
                ...(op.reason !== undefined && { reason: op.reason }),
                since: isoTime(op.since),
                weeklyHours: round2(op.weeklySeconds / 3600),
                weeklyCapHours: capHours,
                nearCap: op.nearCap,
                atCap: op.atCap,
              }
            : null,
        };
      },
    );

    app.put(
      '/me/state',
      {
        // Only a person linked to a queue operator has a state of their own.
        config: { roles: ['operator'], audit: false },
        schema: {
          tags: ['me'],
          summary: 'Log myself in or out, pause (with a reason) or unpause',
          body: OperatorStateBodySchema,
        },
      },
      async (request, reply) => {
        const p = request.principal;
        if (p.kind !== 'user' || !p.operatorId) {
          return reply
            .code(409)
            .send({ message: 'your account is not linked to a queue operator (operatorId)' });
        }
        const before = operatorView(p);
        if (!before) {
          return reply.code(404).send({ message: `operator ${p.operatorId} is not in queues.yaml` });
        }
        const result = deps.queue.operatorCommand(p.operatorId, commandFor(request.body, before.state));
        if (!result.ok) return reply.code(409).send({ message: result.reason });
        const after = operatorView(p);
        await deps.audit.record({
          actor: p.username,
          action: 'operator.state',
          target: `operator:${p.operatorId}`,
          before: { state: before.state, reason: before.reason },
          after: { state: after?.state, reason: after?.reason },
          requestId: request.id,
        });
        return { id: p.operatorId, state: after?.state, reason: after?.reason };
      },
    );
  };
}
