// One active engine per deployment: before it touches ARI, the callback reconciler or the dialler,
// an engine holds a session-level Postgres advisory lock on a connection of its own. A second engine
// waits (standby) and takes the lock the moment the first one's session ends: a crash or kill -9
// ends it. The holder re-checks every second with a bounded query.
//
// A lost lease connection does not stop the holder by itself: while Postgres is down, no other
// engine can take the lock either, and the callers being served must stay served (a Postgres
// outage is survived through the journal). The holder re-takes the lock as soon as Postgres
// answers; if another engine holds it by then, or announced on the Redis witness key that it took
// over (a network split that left only us without Postgres), this engine stops at once.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import pg from 'pg';
import type { Logger } from '../log/logger.ts';

/** Any constant shared by every cagri process; advisory locks are per database. ("cagril") */
export const LEASE_KEY = 0x63_6167_7269_6c;

export interface LeaseOptions {
  databaseUrl: string;
  logger: Logger;
  /** How often the standby tries and the holder re-checks (default 1 s). */
  checkEveryMs?: number;
  /** A check that does not answer within this long counts as a lost connection (default 3 s). */
  checkTimeoutMs?: number;
  /** Called once when this engine has to wait for another one. */
  onStandby?: () => void;
  /** Stops waiting (shutdown while standby). */
  signal?: AbortSignal;
  /** Where the holder announces itself, so a holder cut off from Postgres learns of a takeover. */
  witness?: { redis: Redis; key: string };
}

export class LeaseAbortedError extends Error {
  override readonly name = 'LeaseAbortedError';
  constructor() {
    super('stopped while waiting for the engine lease');
  }
}

type LockTry =
  | { kind: 'held'; client: pg.Client }
  | { kind: 'busy' }
  | { kind: 'unreachable'; reason: string };

async function tryLock(opts: LeaseOptions): Promise<LockTry> {
  const client = new pg.Client({
    connectionString: opts.databaseUrl,
    keepAlive: true,
    application_name: 'cagri-lease',
  });
  client.on('error', () => undefined); // reported through connect/query
  try {
    await withTimeout(client.connect(), opts.checkTimeoutMs ?? 3000);
    const r = await withTimeout(
      client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [LEASE_KEY]),
      opts.checkTimeoutMs ?? 3000,
    );
    if (r.rows[0]?.ok) return { kind: 'held', client };
    await client.end().catch(() => undefined);
    return { kind: 'busy' };
  } catch (err) {
    await client.end().catch(() => undefined);
    return { kind: 'unreachable', reason: (err as Error).message };
  }
}

export class EngineLease {
  readonly instanceId = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private readonly lostListeners: Array<(reason: string) => void> = [];
  private state: 'held' | 'unconfirmed' | 'lost' | 'released' = 'held';

  private constructor(
    private client: pg.Client | undefined,
    private readonly opts: LeaseOptions,
    /** ms from the first try to holding the lease. */
    readonly waitedMs: number,
  ) {
    this.watch(client);
    this.arm();
  }

  /** Waits until this engine holds the lease (trying every second), then keeps checking it. */
  static async acquire(opts: LeaseOptions): Promise<EngineLease> {
    const started = performance.now();
    let standbyLogged = false;
    let unreachableLogged = false;
    for (;;) {
      if (opts.signal?.aborted) throw new LeaseAbortedError();
      const r = await tryLock(opts);
      if (r.kind === 'held') {
        const waitedMs = Math.round(performance.now() - started);
        const lease = new EngineLease(r.client, opts, waitedMs);
        await lease.announce();
        opts.logger.info(
          { waitedMs, instance: lease.instanceId },
          'engine lease taken: this engine is active',
        );
        return lease;
      }
      if (r.kind === 'busy' && !standbyLogged) {
        standbyLogged = true;
        opts.logger.warn('another engine holds the lease: standing by, taking over when it stops');
        opts.onStandby?.();
      }
      if (r.kind === 'unreachable' && !unreachableLogged) {
        unreachableLogged = true;
        opts.logger.warn(
          { err: r.reason, variable: 'DATABASE_URL' },
          'engine lease: postgres unreachable; retrying',
        );
      }
      await delay(opts.checkEveryMs ?? 1000, opts.signal);
    }
  }

  /** Held, or its connection lost while no other engine is known to hold it. */
  get active(): boolean {
    return this.state === 'held' || this.state === 'unconfirmed';
  }

  /** Called once, the moment another engine is found to hold the lease (never after `release`). */
  onLost(listener: (reason: string) => void): void {
    this.lostListeners.push(listener);
  }

  /** Gives the lease up (graceful stop): a standby takes over at once. */
  async release(): Promise<void> {
    if (!this.active) return;
    this.state = 'released';
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    await withTimeout(client.query('SELECT pg_advisory_unlock($1)', [LEASE_KEY]), 2000).catch(
      () => undefined,
    );
    await client.end().catch(() => undefined);
  }

  private watch(client: pg.Client | undefined): void {
    client?.on('error', (err) => this.connectionLost(`lease connection failed: ${err.message}`));
    client?.on('end', () => this.connectionLost('lease connection closed'));
  }

  private async announce(): Promise<void> {
    const w = this.opts.witness;
    await w?.redis.set(w.key, this.instanceId).catch(() => undefined);
  }

  private arm(): void {
    this.timer = setTimeout(
      () => void this.check().finally(() => this.active && this.arm()),
      this.opts.checkEveryMs ?? 1000,
    );
  }

  private async check(): Promise<void> {
    if (await this.takenOverPerWitness()) return this.lose('another engine announced it took over');
    if (this.state === 'unconfirmed') return this.retake();
    const client = this.client;
    if (!client) return;
    try {
      const r = await withTimeout(
        client.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_locks
            WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
              AND ((classid::bigint << 32) | objid::bigint) = $1`,
          [LEASE_KEY],
        ),
        this.opts.checkTimeoutMs ?? 3000,
      );
      if (Number(r.rows[0]?.n ?? 0) < 1) this.connectionLost('the advisory lock is no longer held');
    } catch (err) {
      this.connectionLost(`lease check failed: ${(err as Error).message}`);
    }
  }

  private async takenOverPerWitness(): Promise<boolean> {
    const w = this.opts.witness;
    if (w?.redis.status !== 'ready') return false;
    const holder = await withTimeout(w.redis.get(w.key), 1000).catch(() => undefined);
    return typeof holder === 'string' && holder !== this.instanceId;
  }

  private connectionLost(reason: string): void {
    if (this.state !== 'held') return;
    this.state = 'unconfirmed';
    const client = this.client;
    this.client = undefined;
    client?.removeAllListeners('end');
    void client?.end().catch(() => undefined);
    this.opts.logger.warn(
      { reason, variable: 'DATABASE_URL' },
      'engine lease unconfirmed: serving on, re-taking it as soon as postgres answers',
    );
  }

  private async retake(): Promise<void> {
    const r = await tryLock(this.opts);
    if (this.state !== 'unconfirmed') {
      if (r.kind === 'held') await r.client.end().catch(() => undefined);
      return;
    }
    if (r.kind === 'held') {
      this.client = r.client;
      this.state = 'held';
      this.watch(r.client);
      await this.announce();
      this.opts.logger.info('engine lease re-taken');
    } else if (r.kind === 'busy') {
      this.lose('another engine took the lease while our connection was lost');
    }
  }

  private lose(reason: string): void {
    if (!this.active) return;
    this.state = 'lost';
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    void client?.end().catch(() => undefined);
    this.opts.logger.fatal({ reason }, 'engine lease lost: this engine stops acting now');
    for (const l of this.lostListeners) l(reason);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LeaseAbortedError());
    const onAbort = () => {
      clearTimeout(t);
      reject(new LeaseAbortedError());
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
