// Wires cagri together: config, Postgres, Redis, the ARI adapter, the engine with its queue and
// callbacks, and the HTTP API. Nothing here decides anything; it only connects the parts.
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { type Accounts, createAccounts } from './accounts/create-accounts.ts';
import { type Appeals, createAppeals } from './appeals/create-appeals.ts';
import { AriTelephony } from './ari/ari-telephony.ts';
import { missingHolidayYears } from './calendar/missing-holiday-years.ts';
import { type Callbacks, createCallbacks } from './callbacks/create-callbacks.ts';
import { ConfigStore } from './config/config-store.ts';
import type { Env } from './config/env.ts';
import { queueZones } from './config/queue-zones.ts';
import { CallRepository } from './db/call-repository.ts';
import { checkPostgres, createDatabase } from './db/database.ts';
import { migrate } from './db/migrator.ts';
import { QueueRepository } from './db/queue-repository.ts';
import type { Database } from './db/schema.ts';
import { createDesk } from './desk/create-desk.ts';
import { type Clock, SystemClock } from './domain/clock.ts';
import { postgresBatchApplier } from './durability/batch-applier.ts';
import { DurableWrites } from './durability/durable-writes.ts';
import { registerJournalMetrics } from './durability/journal-metrics.ts';
import { replayed } from './durability/journal-replay.ts';
import { LostCallOutbox } from './durability/lost-call-outbox.ts';
import { postgresApplier } from './durability/write-applier.ts';
import { ClosingWatch } from './engine/closing-watch.ts';
import { ConfigServiceDirectory } from './engine/config-service-directory.ts';
import { Engine } from './engine/engine.ts';
import { EngineMetrics } from './engine/engine-metrics.ts';
import { createEngineParts } from './engine/engine-parts.ts';
import { QueueRuntime } from './engine/queue-runtime.ts';
import { createEscalations } from './escalation/create-escalations.ts';
import { LadderGrants } from './escalation/ladder-grants.ts';
import { callbacksRoutes } from './http/callbacks-routes.ts';
import { callsRoutes } from './http/calls-routes.ts';
import { configRoutes } from './http/config-routes.ts';
import { buildHttpServer, listenHttp } from './http/http-server.ts';
import { lostCallsRoutes } from './http/lost-calls-routes.ts';
import { createMetricsRegistry } from './http/metrics-plugin.ts';
import { operatorsRoutes } from './http/operators-routes.ts';
import type { ProbeServer } from './http/probe-server.ts';
import { EngineLease } from './lease/engine-lease.ts';
import { waitConnected } from './lifecycle/ari-ready.ts';
import { createLogger, type Logger } from './log/logger.ts';
import { reportsRoutes } from './reports/reports-routes.ts';
import { registerSurveyMetrics, SurveyRecorder } from './survey/survey-recorder.ts';
import { SurveyRepository } from './survey/survey-repository.ts';
import { surveyRoutes } from './survey/survey-routes.ts';
import { wallboardRoutes } from './wallboard/wallboard-routes.ts';
import { calendarRoutes } from './webapp/calendar-routes.ts';
import { servicesRoutes } from './webapp/services-routes.ts';
import { webappPlugin } from './webapp/webapp-plugin.ts';

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
  /** The config, already opened (the process checks it before waiting for any dependency). */
  config?: ConfigStore;
  /** The lease was lost (Postgres connection gone): default logs and exits so a supervisor restarts us. */
  onLeaseLost?: () => void;
  /** Already listening with the probes (`cagri serve`): the full HTTP API is attached to it. */
  probe?: ProbeServer;
  /** Aborted when the process stops during start-up: long waits (the lease) should end then. */
  signal?: AbortSignal;
}

export interface Cagri {
  engine: Engine;
  queue: QueueRuntime;
  callbacks: Callbacks;
  telephony: AriTelephony;
  config: ConfigStore;
  db: Kysely<Database>;
  writes: DurableWrites;
  lease: EngineLease;
  outbox: LostCallOutbox;
  http: Awaited<ReturnType<typeof buildHttpServer>>;
  accounts: Accounts;
  appeals: Appeals;
  /** Where the HTTP API listens, when it does. */
  address?: string;
  close(): Promise<void>;
}

export async function startCagri(opts: CagriOptions): Promise<Cagri> {
  const { env } = opts;
  const clock = opts.clock ?? new SystemClock();
  const logger = opts.logger ?? createLogger({ level: env.LOG_LEVEL });

  // The config first: a bad folder fails fast, before anything holds a connection open.
  const config = opts.config ?? (await ConfigStore.open(env.CAGRI_CONFIG, logger, { clock }));
  await migrate(env.DATABASE_URL, { logger });
  const db = createDatabase(env.DATABASE_URL, { maxConnections: env.PG_POOL_MAX });
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false });
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection problem'));
  // One active engine per deployment: nothing below touches ARI, callbacks or the journal before.
  const lease = await EngineLease.acquire({
    databaseUrl: env.DATABASE_URL,
    logger: logger.child({ component: 'lease' }),
    onStandby: () =>
      opts.probe?.setState({ phase: 'standby', waitingFor: 'engine lease (another engine is active)' }),
    ...(opts.signal && { signal: opts.signal }),
    witness: { redis, key: `${opts.redisPrefix ?? 'cagri'}:engine-lease-holder` },
  });
  const queueRepo = new QueueRepository(db);
  const calls = new CallRepository(db);
  // What every feature with BullMQ jobs is given: storage, its Redis prefix, the clock, the log.
  const jobsDeps = { db, redis, ...(opts.redisPrefix ? { prefix: opts.redisPrefix } : {}), clock, logger };
  const escalations = createEscalations(jobsDeps);
  const outbox = new LostCallOutbox({
    repo: queueRepo,
    clock,
    logger: logger.child({ component: 'outbox' }),
  });
  // What a previous run journalled but never applied goes in first: the queue restores from it.
  const surveyRepo = new SurveyRepository(db);
  const writes = await DurableWrites.open(env.CAGRI_DATA_DIR, logger.child({ component: 'db-writes' }));
  writes.start(
    postgresApplier({
      calls,
      queue: queueRepo,
      notifier: escalations.jobs,
      outbox,
      escalations: escalations.repo,
      surveys: surveyRepo,
    }),
    postgresBatchApplier(db),
  );
  const surveys = new SurveyRecorder(writes);
  await replayed(writes, logger);
  const stopWatching = opts.watchConfig === false ? () => undefined : config.watch();

  // Connection upkeep (pings, backoff) runs on real time even when the engine's clock is shifted.
  // Connected only once the engine listens (below): its first event lists the channels to re-adopt.
  const telephony = AriTelephony.create({
    url: env.ARI_URL,
    username: env.ARI_USERNAME,
    password: env.ARI_PASSWORD,
    app: env.ARI_APP,
    restClient: env.ARI_REST_CLIENT,
    clock: new SystemClock(),
    // The engine acts on a prompt's end, never on its start.
    playbackStarts: false,
    // Every ARI line names the variable to fix, as the Postgres and Redis start-up waits do.
    logger: logger.child({ component: 'ari', variable: 'ARI_URL' }),
  });

  const { legs, talks } = createEngineParts(telephony, clock, logger, writes);
  const directory = new ConfigServiceDirectory(config);
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
    },
    current.queues,
    timeZone,
    // Each operator's week is counted in the zone of the services their queues serve.
    queueZones(current.services, current.hours),
  );
  for (const s of current.services) queue.serviceQueues.set(s.id, s.queue);
  // Closing time: callers still waiting when live hours end (queues.yaml `atClosing`).
  const closing = new ClosingWatch({
    clock,
    logger: logger.child({ component: 'closing' }),
    calendarFor: (id) => directory.calendarFor(id),
    closed: (serviceId) => {
      const queueId = queue.serviceQueues.queueOf(serviceId);
      if (queueId) queue.hoursEnded(queueId);
    },
  });
  closing.start(current.services.map((s) => s.id));
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
    ...jobsDeps,
    config,
    calendars: directory,
    queue,
    // Urgent callbacks are answered by the escalation ladder, at any hour.
    urgentAnswerers: new LadderGrants(() => config.current().queues, queue),
    legs,
    talks,
    lostCalls: queueRepo,
  });
  queue.attachCallbacks(callbacks.service);
  outbox.attach(callbacks.service);
  const appeals = createAppeals({
    ...jobsDeps,
    config,
    calendars: directory,
    smtpUrl: env.SMTP_URL,
    smtpFrom: env.SMTP_FROM,
    nearDays: env.APPEAL_NEAR_DAYS,
    reminderEveryMs: env.APPEAL_REMINDER_EVERY_MIN * 60_000,
  });
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
    surveys,
    appeals: appeals.lookup,
  });
  engine.start();
  telephony.connect();
  outbox.start();
  lease.onLost(() => {
    // Another engine may be active from now on: stop every action at once, keep what is journalled.
    engine.stop();
    closing.stop();
    outbox.stop();
    callbacks.reconciler.stop();
    void callbacks.scheduler.stopWorker(true).catch(() => undefined);
    escalations.reconciler.stop();
    void escalations.jobs.stopWorker(true).catch(() => undefined);
    void telephony.close().catch(() => undefined);
    void writes.close(0).finally(() => (opts.onLeaseLost ?? exitOnLeaseLost)());
  });
  // The first reconciliation runs now; the BullMQ worker starts once Asterisk is reachable.
  // Aborted by close(): a shutdown while Asterisk is unreachable must not wait for it.
  const stopping = new AbortController();
  await callbacks.start({ ready: () => waitConnected(telephony, stopping.signal) });
  await escalations.start();
  await appeals.start();
  const metricsRegistry = createMetricsRegistry();
  appeals.registerMetrics(metricsRegistry);
  registerJournalMetrics(metricsRegistry, writes);
  registerSurveyMetrics(metricsRegistry, surveys);
  const missingYears = () =>
    missingHolidayYears(
      config
        .current()
        .services.map((svc) => ({ serviceId: svc.id, calendar: directory.calendarFor(svc.id) })),
      clock.now(),
    );
  const metrics = new EngineMetrics(metricsRegistry, {
    activeCalls: () => engine.activeCalls,
    queueSnapshot: () => queue.snapshot(),
    telephonyConnected: () => telephony.isConnected(),
    queueTally: () => queue.tally,
    escalationReach: () => queue.ladder.reach,
    callbacksByStatus: () => callbacks.repo.countByStatus(),
    missingHolidayYears: missingYears,
  });
  // Without next year's holidays they would count as working days: say so loudly, once at start.
  for (const m of missingYears())
    logger.warn(m, 'no holiday file for this year: holidays would be treated as working days');
  engine.onCallEnded((_id, outcome) => metrics.callsEnded.inc({ outcome }));
  queue.onCallerLeft((outcome, waitedMs) => metrics.queueWait.observe({ outcome }, waitedMs / 1000));

  // The operator desk: screen pops from the queue's operator events, wrap-ups into the appeals.
  const deskLogger = logger.child({ component: 'desk' });
  const desk = createDesk({ db, queue, appeals: appeals.service, clock, logger: deskLogger });
  const accounts = createAccounts({
    db,
    clock,
    logger: logger.child({ component: 'accounts' }),
    ...(env.SESSION_SECRET && { sessionSecret: env.SESSION_SECRET }),
    cookieSecure: env.COOKIE_SECURE,
  });
  const http = await buildHttpServer({
    adminToken: env.ADMIN_TOKEN,
    accounts: accounts.auth,
    logger,
    metricsRegistry,
    ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
    ...(opts.probe ? { server: opts.probe } : {}),
    readinessDetails: () => ({ journal: { backlog: writes.backlog } }),
    webApp: webappPlugin(),
    readiness: {
      ari: () => telephony.ping(),
      postgres: () => checkPostgres(db),
      redis: async () => {
        await redis.ping();
      },
    },
    apiPlugins: [
      ...accounts.routes({
        queue,
        queuesFile: () => config.current().queues,
        unitsFile: () => config.current().units,
        timeZone,
      }),
      desk.routes(),
      callsRoutes(calls, queueRepo),
      operatorsRoutes(queue),
      wallboardRoutes({ queue, clock, logger: logger.child({ component: 'wallboard' }) }),
      lostCallsRoutes(queueRepo),
      escalations.routes(),
      surveyRoutes(surveyRepo),
      configRoutes(config),
      servicesRoutes({ services: () => config.current().services }),
      calendarRoutes({
        calendarFor: (id) => directory.calendarFor(id),
        serviceIds: () => config.current().services.map((s) => s.id),
        clock,
      }),
      callbacksRoutes({
        repo: callbacks.repo,
        cancel: (id, by, note) => callbacks.service.cancel(id, by, note),
        timeZone,
      }),
      appeals.routes,
      reportsRoutes({
        db,
        services: () => config.current().services.map((svc) => svc.id),
        calendarFor: (id) => directory.calendarFor(id),
        clock,
      }),
    ],
  });
  const address = opts.probe
    ? await opts.probe.serve(http)
    : opts.listen === false
      ? undefined
      : await listenHttp(http, env.HTTP_HOST, env.HTTP_PORT);

  return {
    engine,
    queue,
    callbacks,
    telephony,
    config,
    db,
    writes,
    lease,
    outbox,
    http,
    accounts,
    appeals,
    ...(address ? { address } : {}),
    async close() {
      stopWatching();
      engine.stop();
      closing.stop();
      await http.close();
      accounts.close();
      await desk.close();
      // In this order: callbacks.close() marks itself closed synchronously, before the aborted
      // wait for ARI resolves, so the worker is never started on the way out.
      stopping.abort();
      await callbacks.close();
      await appeals.close();
      await escalations.close();
      queue.close();
      await telephony.close();
      outbox.stop();
      await outbox.drain();
      // With Postgres away this does not wait for ever: what is left is applied at the next start.
      await writes.close();
      await lease.release();
      await db.destroy();
      // quit lets replies still on their way arrive; disconnect would reject them as unhandled.
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function exitOnLeaseLost(): never {
  // The supervisor (compose restart policy) starts us again; we come back as the standby.
  process.exit(75);
}
