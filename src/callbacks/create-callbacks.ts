// Wires the callback runtime for src/main.ts: repository, BullMQ scheduler, dialler, service and
// reconciler. Built first (the queue and the engine need the service), started once the engine
// runs: the reconciler runs once before the worker starts, so attempts a dead process left behind
// are closed before any job can run, and the worker waits until Asterisk is reachable.
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { CallbackRepository } from '../db/callback-repository.ts';
import type { Database } from '../db/schema.ts';
import type { QueueService } from '../engine/engine-services.ts';
import type { OutboundLegs } from '../engine/outbound-legs.ts';
import type { TalkBridges } from '../engine/talk-bridges.ts';
import { CallbackDialler, type DiallerOptions } from './callback-dialler.ts';
import { CallbackReconciler, type ReconcileReport } from './callback-reconciler.ts';
import { CallbackScheduler } from './callback-scheduler.ts';
import { CallbackRuntime } from './callback-service.ts';
import type { CallbackContext } from './callback-transitions.ts';
import { RedisLossWatch } from './redis-loss-watch.ts';

export interface CallbackWiring extends Omit<CallbackContext, 'repo'> {
  db: Kysely<Database>;
  /** ioredis with `maxRetriesPerRequest: null`; the caller closes it. */
  redis: Redis;
  /** BullMQ key prefix (default `cagri`). */
  prefix?: string;
  queue: QueueService;
  /** Who answers urgent callbacks (the escalation ladder); default: operators, like the others. */
  urgentAnswerers?: Pick<QueueService, 'requestCallbackOperator' | 'withdrawCallback' | 'callbackDone'>;
  legs: OutboundLegs;
  talks: TalkBridges;
  lostCalls?: { linkLostCallback(lostCallId: string, callbackId: string): Promise<void> };
  dialler?: Partial<DiallerOptions>;
  /** Reconcile every this many ms of the engine's clock (default 5 minutes). */
  reconcileEveryMs?: number;
  /** Jobs started at once (default 4). */
  concurrency?: number;
}

export interface Callbacks {
  service: CallbackRuntime;
  repo: CallbackRepository;
  scheduler: CallbackScheduler;
  dialler: CallbackDialler;
  reconciler: CallbackReconciler;
  /**
   * Reconciles once, then starts the reconciler's beat and, after `ready` resolves (e.g. the ARI
   * connection is up), the BullMQ worker. Resolves with what the first reconciliation did.
   */
  start(opts?: { ready?: () => Promise<void> }): Promise<ReconcileReport>;
  /** Stops the worker and the reconciler; calls in progress are left to the engine. */
  close(): Promise<void>;
}

export function createCallbacks(w: CallbackWiring): Callbacks {
  const repo = new CallbackRepository(w.db);
  const ctx: CallbackContext = {
    repo,
    clock: w.clock,
    logger: w.logger.child({ component: 'callbacks' }),
    config: w.config,
    calendars: w.calendars,
  };
  const scheduler = new CallbackScheduler({
    connection: w.redis,
    prefix: w.prefix ?? 'cagri',
    clock: w.clock,
    logger: ctx.logger,
  });
  const dialler = new CallbackDialler(
    {
      ...ctx,
      queue: w.queue,
      ...(w.urgentAnswerers && { urgentAnswerers: w.urgentAnswerers }),
      legs: w.legs,
      talks: w.talks,
      schedule: (id, attempt, at) => scheduler.schedule(id, attempt, at),
    },
    w.dialler,
  );
  const service = new CallbackRuntime({
    ...ctx,
    scheduler,
    dialler,
    ...(w.lostCalls && { lostCalls: w.lostCalls }),
  });
  const reconciler = new CallbackReconciler({
    ...ctx,
    scheduler,
    dialler,
    ...(w.reconcileEveryMs !== undefined && { intervalMs: w.reconcileEveryMs }),
  });
  // A Redis back from a restart (or flushed) gets its jobs within seconds, not at the next pass.
  const redisWatch = new RedisLossWatch({
    redis: w.redis,
    prefix: w.prefix ?? 'cagri',
    logger: ctx.logger,
    rebuild: () => reconciler.runOnce(),
  });
  let closed = false;
  let workerStarted: Promise<void> = Promise.resolve();
  return {
    service,
    repo,
    scheduler,
    dialler,
    reconciler,
    async start(opts = {}) {
      const report = await reconciler.start();
      await redisWatch.start();
      workerStarted = (opts.ready?.() ?? Promise.resolve())
        .then(() => {
          if (!closed) scheduler.startWorker((job) => dialler.run(job), w.concurrency ?? 4);
        })
        .catch((err: unknown) => ctx.logger.error({ err }, 'callback worker not started'));
      return report;
    },
    async close() {
      closed = true;
      redisWatch.stop();
      reconciler.stop();
      await reconciler.drain();
      await workerStarted;
      await scheduler.close();
    },
  };
}
