// Test kit for the callback runtime: real Postgres and Redis, the shipped config, a fake clock,
// and stand-ins for the engine's queue, legs and bridges that record what they were asked and let
// the test answer for the operator's and the citizen's phones.
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { CallbackDialler, type DiallerOptions } from '../../src/callbacks/callback-dialler.ts';
import { CallbackReconciler } from '../../src/callbacks/callback-reconciler.ts';
import { CallbackScheduler } from '../../src/callbacks/callback-scheduler.ts';
import { CallbackRuntime } from '../../src/callbacks/callback-service.ts';
import type { CallbackContext } from '../../src/callbacks/callback-transitions.ts';
import type { CagriConfig } from '../../src/config/cagri-config.ts';
import { loadConfig } from '../../src/config/config-loader.ts';
import { CallbackRepository } from '../../src/db/callback-repository.ts';
import { createDatabase } from '../../src/db/database.ts';
import { QueueRepository } from '../../src/db/queue-repository.ts';
import type { Database } from '../../src/db/schema.ts';
import { FakeClock } from '../../src/domain/clock.ts';
import { type CallbackId, ChannelId, type OperatorId, OperatorId as opId } from '../../src/domain/ids.ts';
import { ConfigServiceDirectory } from '../../src/engine/config-service-directory.ts';
import type { LegListener, LegRequest } from '../../src/engine/outbound-legs.ts';
import { createLogger, type Logger } from '../../src/log/logger.ts';
import {
  createTestDatabase,
  createTestRedis,
  type TestDatabase,
  testRedisPrefix,
} from '../support/services.ts';

export const CONFIG_DIR = fileURLToPath(new URL('../../config/', import.meta.url));

export async function shippedConfig(): Promise<CagriConfig> {
  const r = await loadConfig(CONFIG_DIR);
  if (!r.ok) throw new Error(`config did not load: ${JSON.stringify(r.errors)}`);
  return r.config;
}

export interface Grant {
  operatorId: OperatorId;
  endpoint: string;
  ringTimeoutSec: number;
}

/** Records the callback side of the queue; the test grants operators. */
export class FakeQueue {
  readonly requests: Array<{ callbackId: CallbackId; queueId: string; language: string }> = [];
  readonly pending = new Map<string, (op: Grant) => void>();
  readonly done: Array<{ callbackId: string; operatorId: string; answered: boolean }> = [];
  readonly withdrawn: string[] = [];

  requestCallbackOperator(
    req: { callbackId: CallbackId; queueId: string; language: string },
    granted: (op: Grant) => void,
  ) {
    this.requests.push(req);
    this.pending.set(req.callbackId, granted);
  }
  withdrawCallback(callbackId: CallbackId) {
    this.withdrawn.push(callbackId);
    this.pending.delete(callbackId);
  }
  callbackDone(callbackId: CallbackId, operatorId: OperatorId, operatorAnswered: boolean) {
    this.done.push({ callbackId, operatorId, answered: operatorAnswered });
  }
  grant(callbackId: string, operator = 'op1') {
    const g = this.pending.get(callbackId);
    if (!g) throw new Error(`no pending callback request for ${callbackId}`);
    this.pending.delete(callbackId);
    g({ operatorId: opId(operator), endpoint: `PJSIP/${operator}`, ringTimeoutSec: 15 });
  }
}

export interface RungLeg {
  id: ChannelId;
  req: LegRequest;
  listener: LegListener;
  hungUp: boolean;
}

/** Outbound legs the test answers or fails by hand. */
export class FakeLegs {
  readonly rung: RungLeg[] = [];
  private n = 0;
  ring(req: LegRequest, listener: LegListener): ChannelId {
    const leg = { id: ChannelId(`leg-${++this.n}`), req, listener, hungUp: false };
    this.rung.push(leg);
    return leg.id;
  }
  hangup(id: ChannelId): void {
    const leg = this.rung.find((l) => l.id === id);
    if (leg) leg.hungUp = true;
  }
  last(role: 'operator' | 'citizen'): RungLeg {
    const leg = this.rung.filter((l) => l.req.purpose[2] === role).at(-1);
    if (!leg) throw new Error(`no ${role} leg was rung`);
    return leg;
  }
  count(role: 'operator' | 'citizen', callbackId?: string): number {
    return this.rung.filter(
      (l) => l.req.purpose[2] === role && (!callbackId || l.req.purpose[1] === callbackId),
    ).length;
  }
}

export class FakeTalks {
  readonly connected: Array<{ a: ChannelId; b: ChannelId; name: string }> = [];
  readonly gone: ChannelId[] = [];
  async connect(a: ChannelId, b: ChannelId, name: string) {
    this.connected.push({ a, b, name });
    return name as never;
  }
  channelGone(id: ChannelId) {
    this.gone.push(id);
    return undefined;
  }
}

export interface Kit {
  db: Kysely<Database>;
  repo: CallbackRepository;
  queueRepo: QueueRepository;
  redis: Redis;
  prefix: string;
  clock: FakeClock;
  logger: Logger;
  config: { value: CagriConfig; current(): CagriConfig };
  ctx: CallbackContext;
  queue: FakeQueue;
  legs: FakeLegs;
  talks: FakeTalks;
  scheduler: CallbackScheduler;
  dialler: CallbackDialler;
  service: CallbackRuntime;
  reconciler: CallbackReconciler;
  /** Jobs the dialler asked for, in order. */
  scheduled: Array<{ callbackId: string; attempt: number; at: number }>;
  /** Keys under this kit's Redis prefix. */
  redisKeys(): Promise<string[]>;
  flushRedis(): Promise<void>;
  /** A fresh dialler (another worker, after a "crash"). */
  newDialler(opts?: Partial<DiallerOptions>): CallbackDialler;
  close(): Promise<void>;
}

/** Tuesday 1 December 2026, 10:00 in Baku: a working day, live. */
export const TUESDAY_10 = '2026-12-01T10:00:00+04:00';

export async function createKit(opts: { startAt?: string } = {}): Promise<Kit> {
  const tdb: TestDatabase = await createTestDatabase();
  const db = createDatabase(tdb.url, { maxConnections: 6 });
  const repo = new CallbackRepository(db);
  const redis = createTestRedis();
  const prefix = testRedisPrefix();
  const clock = new FakeClock(opts.startAt ?? TUESDAY_10);
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'silent' });
  const config = {
    value: await shippedConfig(),
    current() {
      return this.value;
    },
  };
  const calendars = new ConfigServiceDirectory(config);
  const ctx: CallbackContext = { repo, clock, logger, config, calendars };
  const queue = new FakeQueue();
  const legs = new FakeLegs();
  const talks = new FakeTalks();
  const scheduler = new CallbackScheduler({ connection: redis, prefix, clock, logger });
  const scheduled: Kit['scheduled'] = [];
  const newDialler = (o: Partial<DiallerOptions> = {}) =>
    new CallbackDialler(
      {
        ...ctx,
        queue,
        legs,
        talks,
        schedule: async (callbackId, attempt, at) => {
          scheduled.push({ callbackId, attempt, at });
          await scheduler.schedule(callbackId, attempt, at);
        },
      },
      { workerId: 'test-worker', ...o },
    );
  const dialler = newDialler();
  const queueRepo = new QueueRepository(db);
  const service = new CallbackRuntime({ ...ctx, scheduler, dialler, lostCalls: queueRepo });
  const reconciler = new CallbackReconciler({ ...ctx, scheduler, dialler });
  const redisKeys = async () => redis.keys(`${prefix}:*`);
  return {
    db,
    repo,
    queueRepo,
    redis,
    prefix,
    clock,
    logger,
    config,
    ctx,
    queue,
    legs,
    talks,
    scheduler,
    dialler,
    service,
    reconciler,
    scheduled,
    redisKeys,
    async flushRedis() {
      const keys = await redisKeys();
      if (keys.length > 0) await redis.del(...keys);
    },
    newDialler,
    async close() {
      reconciler.stop();
      await scheduler.close();
      await redis.quit();
      await db.destroy();
      await tdb.drop();
    },
  };
}

/** Polls `check` until it returns a value (not undefined/false), on real time, with a timeout. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
