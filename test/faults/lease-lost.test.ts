// The engine lease's edge cases, in process against a real Postgres: a lost lease connection is
// re-taken when nobody else took the lock (a Postgres restart must not stop a serving engine), and
// the holder stops at once when another engine holds the lock, or says on the Redis witness key
// that it took over (a split that cut only the holder off from Postgres).
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EngineLease } from '../../src/lease/engine-lease.ts';
import { createLogger } from '../../src/log/logger.ts';
import { createTestDatabase, serviceUrls, type TestDatabase, testRedisPrefix } from '../support/services.ts';
import { until } from './fault-kit.ts';

const logger = createLogger({ level: 'silent' });
let db: TestDatabase;
let redis: Redis;
const leases: EngineLease[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  redis = new Redis(serviceUrls().redisUrl);
});
afterAll(async () => {
  for (const l of leases) await l.release();
  redis.disconnect();
  await db.drop();
});

async function take(key: string, checkEveryMs = 100): Promise<{ lease: EngineLease; lost: string[] }> {
  const lease = await EngineLease.acquire({
    databaseUrl: db.url,
    logger,
    checkEveryMs,
    witness: { redis, key },
  });
  leases.push(lease);
  const lost: string[] = [];
  lease.onLost((r) => lost.push(r));
  return { lease, lost };
}

/** Ends the holder's lease session from outside, as a Postgres restart or a cut connection does. */
async function killLeaseSessions(): Promise<number> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    const r = await c.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'cagri-lease' AND datname = current_database()`,
    );
    return r.rowCount ?? 0;
  } finally {
    await c.end();
  }
}

it('a lost lease connection is re-taken when no other engine took the lock', async () => {
  const key = `${testRedisPrefix()}:holder`;
  const { lease, lost } = await take(key);
  const [before] = await leaseHolders();
  expect(await killLeaseSessions()).toBe(1);
  await until('re-taken by a new session', async () => {
    const now = await leaseHolders();
    return now.length === 1 && now[0] !== before;
  });
  expect(lease.active).toBe(true);
  expect(lost).toEqual([]);
  await lease.release();
});

it('the holder stops when another engine took the lock while its connection was gone', async () => {
  const key = `${testRedisPrefix()}:holder`;
  const a = await take(key, 1000); // slow re-check: the other engine gets there first
  await killLeaseSessions();
  const b = await take(key);
  await until('a lost its lease', () => a.lost.length > 0, 5000);
  expect(a.lease.active).toBe(false);
  expect(b.lease.active).toBe(true);
  expect(a.lost[0]).toMatch(/another engine/);
  await b.lease.release();
});

it('the holder stops when another engine announced on the witness key that it took over', async () => {
  const key = `${testRedisPrefix()}:holder`;
  const a = await take(key);
  await redis.set(key, 'another-engine');
  await until('a lost its lease', () => a.lost.length > 0, 5000);
  expect(a.lost).toEqual(['another engine announced it took over']);
});

/** Backend pids of lease sessions holding an advisory lock in this database. */
async function leaseHolders(): Promise<number[]> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    const r = await c.query(
      `SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'cagri-lease'
          AND a.datname = current_database()`,
    );
    return r.rows.map((row) => row.pid);
  } finally {
    await c.end();
  }
}
