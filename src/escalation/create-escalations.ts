// The escalation feature assembled: its repository, the webhook's durable jobs, the reconciler
// that rebuilds them from Postgres, and its routes. main.ts only wires it in.
import type { FastifyPluginAsync } from 'fastify';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../domain/clock.ts';
import type { Logger } from '../log/logger.ts';
import { EscalationReconciler } from './escalation-reconciler.ts';
import { EscalationRepository } from './escalation-repository.ts';
import { escalationsRoutes } from './escalation-routes.ts';
import { EscalationWebhookJobs } from './escalation-webhook-jobs.ts';

export interface EscalationsWiring {
  db: Kysely<Database>;
  /** ioredis with `maxRetriesPerRequest: null`; not closed here. */
  redis: Redis;
  prefix?: string;
  clock: Clock;
  logger: Logger;
  /** First webhook retry after this many ms, doubling (default 2000). */
  webhookBackoffMs?: number;
}

export interface Escalations {
  repo: EscalationRepository;
  jobs: EscalationWebhookJobs;
  reconciler: EscalationReconciler;
  routes(): FastifyPluginAsync;
  /** Starts the webhook worker and rebuilds missing jobs from Postgres. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createEscalations(w: EscalationsWiring): Escalations {
  const logger = w.logger.child({ component: 'escalations' });
  const repo = new EscalationRepository(w.db);
  const jobs = new EscalationWebhookJobs({
    connection: w.redis,
    prefix: w.prefix ?? 'cagri',
    repo,
    clock: w.clock,
    logger,
    ...(w.webhookBackoffMs !== undefined && { backoffMs: w.webhookBackoffMs }),
  });
  const reconciler = new EscalationReconciler({ repo, jobs, clock: w.clock, logger });
  return {
    repo,
    jobs,
    reconciler,
    routes: () => escalationsRoutes(repo),
    async start() {
      jobs.startWorker();
      await reconciler
        .start()
        .catch((err: unknown) =>
          logger.error({ err }, 'escalation webhooks not reconciled at start; retried later'),
        );
    },
    async close() {
      reconciler.stop();
      await reconciler.drain();
      await jobs.close();
    },
  };
}
