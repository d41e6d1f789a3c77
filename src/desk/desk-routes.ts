// /api/desk: the operator desk's API. The event stream (SSE) with the screen pop of each call or
// callback given to the operator, their state and wrap-up deadline; the operator's own view
// (state, weekly live time against the cap, current call, callbacks in hand); the wrap-up form;
// and the calls whose wrap-up is missing. Operators reach only their own desk; supervisors and
// admins name one with `?operator=`.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import { isoTime, isoTimeOrNull } from '../http/api-time.ts';
import { HEARTBEAT_MS, SseStream } from '../http/sse-stream.ts';
import { useZod } from '../http/zod-validation.ts';
import { deskSubject, seesAllDesks } from './desk-access.ts';
import type { DeskService } from './desk-service.ts';
import { WrapUpFormSchema } from './wrap-up-form.ts';

export interface DeskRoutesDeps {
  desk: DeskService;
  /** The engine's clock: heartbeats and "now" follow it (a FakeClock in tests). */
  clock: Clock;
  heartbeatMs?: number;
}

const DESK_ROLES = ['operator', 'supervisor', 'admin'] as const;

const operatorParam = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'an operator id such as op1')
  .optional()
  .describe('whose desk (supervisors and admins); operators see only their own');

const SubjectQuerySchema = z.strictObject({ operator: operatorParam });
const ErrorSchema = z.object({ message: z.string() });

const WrapUpsQuerySchema = z.strictObject({
  wrapUp: z.enum(['missing', 'pending', 'done']).optional().describe('only wrap-ups in this state'),
  operator: operatorParam,
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

function refuse(reply: FastifyReply, status: number, reason: string) {
  return reply.code(status).send({ message: reason });
}

export function deskRoutes(deps: DeskRoutesDeps): FastifyPluginAsync {
  const { desk, clock } = deps;
  return async (plain) => {
    const app = useZod(plain);
    const open = new Set<SseStream>();
    // Open streams would hold the server's close for ever: end them first.
    plain.addHook('preClose', async () => {
      for (const s of open) s.close();
      open.clear();
    });

    app.get(
      '/desk/events',
      {
        config: { roles: DESK_ROLES },
        schema: {
          tags: ['desk'],
          summary: 'Server-Sent Events: screen pops, call ended, state changes, wrap-up deadline',
          description:
            'Events `screen-pop`, `call-ended`, `state`, `wrap-up`, `wrap-up-ended`; a comment line ' +
            'every 15 s. Reconnecting with Last-Event-ID replays the current call’s pop if it was missed.',
          querystring: SubjectQuerySchema,
          response: { 403: ErrorSchema, 404: ErrorSchema },
        },
      },
      async (request, reply) => {
        const subject = deskSubject(request.principal, request.query.operator, desk.knows);
        if (!subject.ok) return refuse(reply, subject.status, subject.reason);
        const { operatorId } = subject;
        const header = request.headers['last-event-id'];
        const lastEventId = typeof header === 'string' ? header : undefined;
        reply.hijack();
        const stream = new SseStream(reply.raw, clock, deps.heartbeatMs ?? HEARTBEAT_MS);
        open.add(stream);
        const state = desk.stateEvent(operatorId);
        if (state) stream.send(state.event, state.data);
        const unsubscribe = desk.streams.subscribe(
          operatorId,
          (id, e) => stream.send(e.event, e.data, id),
          lastEventId,
        );
        reply.raw.on('close', () => {
          unsubscribe();
          stream.close();
          open.delete(stream);
        });
      },
    );

    app.get(
      '/desk/me',
      {
        config: { roles: DESK_ROLES },
        schema: {
          tags: ['desk'],
          summary: 'The operator’s desk: state, weekly live time against the cap, current call, callbacks',
          querystring: SubjectQuerySchema,
        },
      },
      async (request, reply) => {
        const subject = deskSubject(request.principal, request.query.operator, desk.knows);
        if (!subject.ok) return refuse(reply, subject.status, subject.reason);
        const o = desk.operatorView(subject.operatorId);
        if (!o) return refuse(reply, 404, `no operator "${subject.operatorId}"`);
        const current = desk.currentPop(subject.operatorId) ?? null;
        const callbacks = await desk.heldCallbacks(subject.operatorId);
        return {
          // The engine's "now" (shifted by `cagri demo --at`): the desk counts time in state from it.
          serverTime: isoTime(clock.now()),
          operatorId: o.id,
          name: o.name,
          state: o.state,
          ...(o.reason !== undefined && { reason: o.reason }),
          since: isoTime(o.since),
          wrapUpUntil: o.wrapUpUntil === undefined ? null : isoTime(o.wrapUpUntil),
          weekly: {
            hours: Math.round((o.weeklySeconds / 3600) * 100) / 100,
            capHours: o.capHours,
            nearCap: o.nearCap,
            atCap: o.atCap,
          },
          current,
          urgent: current?.urgent ?? false,
          callbacks: callbacks.map((c) => ({ ...c, dueUntil: isoTime(c.dueUntil) })),
        };
      },
    );

    app.post(
      '/desk/wrap-up',
      {
        config: { roles: DESK_ROLES },
        schema: {
          tags: ['desk'],
          summary: 'The wrap-up form: registers or updates the appeal, then ends the wrap-up early',
          querystring: SubjectQuerySchema,
          body: WrapUpFormSchema,
          response: {
            200: z.object({
              regNo: z.string(),
              wrapUp: z.enum(['ended', 'not-started', 'already-over']),
              warning: z.string().optional(),
            }),
            400: ErrorSchema,
            403: ErrorSchema,
            404: ErrorSchema,
            409: ErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const subject = deskSubject(request.principal, request.query.operator, desk.knows);
        if (!subject.ok) return refuse(reply, subject.status, subject.reason);
        const r = await desk.submitWrapUp(subject.operatorId, request.body, request.principal);
        if (!r.ok) return refuse(reply, r.status, r.reason);
        return { regNo: r.regNo, wrapUp: r.wrapUp, ...(r.warning && { warning: r.warning }) };
      },
    );

    app.get(
      '/desk/calls',
      {
        config: { roles: DESK_ROLES },
        schema: {
          tags: ['desk'],
          summary: 'Calls and callbacks by wrap-up state (e.g. ?wrapUp=missing), newest first',
          querystring: WrapUpsQuerySchema,
        },
      },
      async (request, reply) => {
        const { wrapUp, operator, limit } = request.query;
        let operatorId: string | undefined = operator;
        if (!seesAllDesks(request.principal)) {
          const subject = deskSubject(request.principal, operator, desk.knows);
          if (!subject.ok) return refuse(reply, subject.status, subject.reason);
          operatorId = subject.operatorId;
        }
        const rows = await desk.listWrapUps({
          ...(wrapUp && { status: wrapUp }),
          ...(operatorId && { operatorId }),
          limit,
        });
        return {
          calls: rows.map((r) => ({
            workId: r.workId,
            kind: r.workKind,
            operatorId: r.operatorId,
            callerNumber: r.callerNumber,
            reason: r.reason,
            appealNumber: r.pop.appealNumber,
            endedAt: isoTime(r.endedAt),
            deadline: isoTime(r.deadline),
            wrapUp: r.status,
            doneAt: isoTimeOrNull(r.doneAt),
            doneBy: r.doneBy,
            regNo: r.regNo,
          })),
        };
      },
    );
  };
}
