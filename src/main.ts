// Wires cagri together: config, Postgres, Redis, the ARI adapter, the engine with its queue and
// callbacks, and the HTTP API. Nothing here decides anything; it only connects the parts.
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { AriTelephony } from './ari/ari-telephony.ts';
import { type Callbacks, createCallbacks } from './callbacks/create-callbacks.ts';
import { ConfigStore } from './config/config-store.ts';
import type { Env } from './config/env.ts';
import { CallRepository } from './db/call-repository.ts';
import { checkPostgres, createDatabase } from './db/database.ts';
import { migrate } from './db/migrator.ts';
import { QueueRepository } from './db/queue-repository.ts';
import type { Database } from './db/schema.ts';
import { type Clock, SystemClock } from './domain/clock.ts';
import { ConfigServiceDirectory } from './engine/config-service-directory.ts';
import { Engine } from './engine/engine.ts';
import { EngineMetrics } from './engine/engine-metrics.ts';
import { createEngineParts } from './engine/engine-parts.ts';
import { EscalationNotifier } from './engine/escalation-notifier.ts';
import { QueueRuntime } from './engine/queue-runtime.ts';
import type { WriteBehind } from './engine/write-behind.ts';
import { callbacksRoutes } from './http/callbacks-routes.ts';
import { callsRoutes } from './http/calls-routes.ts';
import { configRoutes } from './http/config-routes.ts';
import { buildHttpServer, listenHttp } from './http/http-server.ts';
import { lostCallsRoutes } from './http/lost-calls-routes.ts';
import { createMetricsRegistry } from './http/metrics-plugin.ts';
import { operatorsRoutes } from './http/operators-routes.ts';
import { createLogger, type Logger } from './log/logger.ts';
import { TelephonyError } from './telephony/telephony-port.ts';

export interface CagriOptions {
  env: Env;
  /** The engine's clock (a shifted SystemClock for `--at`, a FakeClock in tests). */
  clock?: Clock;
  logger?: Logger;
  /** Listen on HTTP_HOST:HTTP_PORT (default true); tests use `http.inject()`. */
  listen?: boolean;
  /** Watch the config folder for changes (default true). */
  watchConfig?: boolean;
  /** Requests per client IP on /api (default 300 a minute); benchmarks raise it. */
  rateLimit?: { max: number; timeWindowMs: number };
  /** BullMQ key prefix (tests isolate themselves with their own). */
  redisPrefix?: string;
}

export interface Cagri {
  engine: Engine;
  queue: QueueRuntime;
  callbacks: Callbacks;
  telephony: AriTelephony;
  config: ConfigStore;
  db: Kysely<Database>;
  writes: WriteBehind;
  http: Awaited<ReturnType<typeof buildHttpServer>>;
  /** Where the HTTP API listens, when it does. */
  address?: string;
  close(): Promise<void>;
}

export async function startCagri(opts: CagriOptions): Promise<Cagri> {
  const { env } = opts;
  const clock = opts.clock ?? new SystemClock();
  const logger = opts.logger ?? createLogger({ level: env.LOG_LEVEL });

  // The config first: a bad folder fails fast, before anything holds a connection open.
  const config = await ConfigStore.open(env.CAGRI_CONFIG, logger, { clock });
  await migrate(env.DATABASE_URL, { logger });
  const db = createDatabase(env.DATABASE_URL);
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false });
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection problem'));
  const stopWatching = opts.watchConfig === false ? () => undefined : config.watch();

  // Connection upkeep (pings, backoff) runs on real time even when the engine's clock is shifted.
  const telephony = AriTelephony.start({
    url: env.ARI_URL,
    username: env.ARI_USERNAME,
    password: env.ARI_PASSWORD,
    app: env.ARI_APP,
    clock: new SystemClock(),
    logger: logger.child({ component: 'ari' }),
  });

  const { writes, legs, talks } = createEngineParts(telephony, clock, logger);
  const directory = new ConfigServiceDirectory(config);
  const queueRepo = new QueueRepository(db);
  const current = config.current();
  const firstService = current.services[0];
  const timeZone = (firstService && directory.calendarFor(firstService.id)?.timezone) ?? 'Asia/Baku';
  const queue = await QueueRuntime.create(
    {
      port: telephony,
      clock,
      logger: logger.child({ component: 'queue' }),
      repo: queueRepo,
      writes,
      legs,
      talks,
      notifier: new EscalationNotifier(queueRepo, clock, logger.child({ component: 'escalations' })),
    },
    current.queues,
    timeZone,
  );
  for (const s of current.services) queue.serviceQueues.set(s.id, s.queue);
  // Menus, services, hours and callbacks follow a reload at once; the queue machine is built once.
  config.onChange((next, previous) => {
    if (JSON.stringify(next.queues) !== JSON.stringify(previous.queues)) {
      logger.warn(
        { version: next.version },
        'queues.yaml changed: queue and operator settings apply at the next restart',
      );
    }
  });

  const callbacks = createCallbacks({
    db,
    redis,
    ...(opts.redisPrefix ? { prefix: opts.redisPrefix } : {}),
    clock,
    logger,
    config,
    calendars: directory,
    queue,
    legs,
    talks,
    lostCalls: queueRepo,
  });
  queue.attachCallbacks(callbacks.service);

  const calls = new CallRepository(db);
  const engine = new Engine({
    port: telephony,
    clock,
    logger,
    directory,
    calls,
    writes,
    legs,
    queue,
    callbacks: callbacks.service,
    talks,
  });
  engine.start();
  // The first reconciliation runs now; the BullMQ worker starts once Asterisk is reachable.
  await callbacks.start({ ready: () => waitConnected(telephony) });
  const metricsRegistry = createMetricsRegistry();
  const metrics = new EngineMetrics(metricsRegistry, {
    activeCalls: () => engine.activeCalls,
    queueSnapshot: () => queue.snapshot(),
    telephonyConnected: () => telephony.isConnected(),
  });
  engine.onCallEnded((_id, outcome) => metrics.callsEnded.inc({ outcome }));

  const http = await buildHttpServer({
    adminToken: env.ADMIN_TOKEN,
    logger,
    metricsRegistry,
    ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
    readiness: {
      ari: () => telephony.ping(),
      postgres: () => checkPostgres(db),
      redis: async () => {
        await redis.ping();
      },
    },
    apiPlugins: [
      callsRoutes(calls),
      operatorsRoutes(queue),
      lostCallsRoutes(queueRepo),
      configRoutes(config),
      callbacksRoutes({
        repo: callbacks.repo,
        cancel: (id, by, note) => callbacks.service.cancel(id, by, note),
        timeZone,
      }),
    ],
  });
  const address = opts.listen === false ? undefined : await listenHttp(http, env.HTTP_HOST, env.HTTP_PORT);

  return {
    engine,
    queue,
    callbacks,
    telephony,
    config,
    db,
    writes,
    http,
    ...(address ? { address } : {}),
    async close() {
      stopWatching();
      engine.stop();
      await http.close();
      await callbacks.close();
      queue.close();
      await telephony.close();
      await writes.idle();
      await db.destroy();
      // quit lets replies still on their way arrive; disconnect would reject them as unhandled.
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Waits for the ARI connection however long it takes (the adapter retries forever). */
async function waitConnected(telephony: AriTelephony): Promise<void> {
  for (;;) {
    try {
      await telephony.waitUntilConnected(60_000);
      return;
    } catch (err) {
      // 'timeout': still retrying, keep waiting; anything else (closed) ends the wait.
      if (!(err instanceof TelephonyError) || err.kind !== 'timeout') throw err;
    }
  }
}
