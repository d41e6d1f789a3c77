// The operator desk's parts, built once by src/main.ts: its storage, the service following the
// queue's operator events, and its routes.
import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../domain/clock.ts';
import type { Logger } from '../log/logger.ts';
import { DeskRepository } from './desk-repository.ts';
import { deskRoutes } from './desk-routes.ts';
import { type DeskQueue, DeskService, type DeskServiceDeps } from './desk-service.ts';

export interface Desk {
  service: DeskService;
  routes(): FastifyPluginAsync;
  /** Stops following the queue and waits for the wrap-up writes already asked for. */
  close(): Promise<void>;
}

export function createDesk(deps: {
  db: Kysely<Database>;
  queue: DeskQueue;
  appeals: DeskServiceDeps['appeals'];
  clock: Clock;
  logger: Logger;
}): Desk {
  const service = new DeskService({
    queue: deps.queue,
    repo: new DeskRepository(deps.db),
    appeals: deps.appeals,
    clock: deps.clock,
    logger: deps.logger,
  });
  service.start();
  return {
    service,
    routes: () => deskRoutes({ desk: service, clock: deps.clock }),
    async close() {
      service.stop();
      await service.idle();
    },
  };
}
