// GET /api/wallboard/events: the supervisor's wallboard, pushed. A `snapshot` event (the callers
// waiting and the operators, as GET /api/queue and GET /api/operators give them) at once, then each
// time a caller joins or leaves, is rung, or an operator's state changes. The page polls those two
// routes only while the stream is down.
import type { FastifyPluginAsync } from 'fastify';
import type { Role } from '../accounts/roles.ts';
import type { Clock } from '../domain/clock.ts';
import { HEARTBEAT_MS, SseStream } from '../http/sse-stream.ts';
import type { Logger } from '../log/logger.ts';
import { WallboardHub, type WallboardQueue } from './wallboard-hub.ts';

export interface WallboardRoutesDeps {
  queue: WallboardQueue;
  /** The engine's clock: heartbeats follow it (a FakeClock in tests). */
  clock: Clock;
  logger?: Logger;
  heartbeatMs?: number;
}

const ROLES: readonly Role[] = ['supervisor', 'admin'];

export function wallboardRoutes(deps: WallboardRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    const hub = new WallboardHub(deps.queue, (err) =>
      deps.logger?.error({ err }, 'wallboard stream listener failed'),
    );
    const open = new Set<SseStream>();
    // Open streams would hold the server's close for ever: end them first.
    app.addHook('preClose', async () => {
      for (const s of open) s.close();
      open.clear();
      hub.stop();
    });

    app.get(
      '/wallboard/events',
      {
        config: { roles: ROLES },
        schema: {
          tags: ['operators'],
          summary: 'Server-Sent Events: the waiting callers and the operators, each time they change',
          description:
            'Event `snapshot` with `{ at, waiting, operators }` (the shapes of GET /api/queue and ' +
            'GET /api/operators) on connect and after every change; a comment line every 15 s.',
        },
      },
      async (_request, reply) => {
        reply.hijack();
        const stream = new SseStream(reply.raw, deps.clock, deps.heartbeatMs ?? HEARTBEAT_MS);
        open.add(stream);
        const unsubscribe = hub.subscribe((view) => stream.send('snapshot', view));
        reply.raw.on('close', () => {
          unsubscribe();
          stream.close();
          open.delete(stream);
        });
      },
    );
  };
}
