// Real Postgres and Redis for integration tests, isolated per test file: each gets its own
// freshly migrated database and its own Redis key prefix, so files can run in parallel.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate } from '../../src/db/migrator.ts';

export function serviceUrls(): { databaseUrl: string; redisUrl: string } {
  return { databaseUrl: inject('databaseUrl'), redisUrl: inject('redisUrl') };
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database beside the one in DATABASE_URL, migrated to the latest schema. */
export async function createTestDatabase(opts: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const base = new URL(serviceUrls().databaseUrl);
  const name = `cagri_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  if (opts.migrated !== false) await migrate(url.toString());
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A unique key prefix so BullMQ queues of parallel test files never meet. */
export function testRedisPrefix(): string {
  return `cagri-t-${randomBytes(4).toString('hex')}`;
}

export function createTestRedis(): Redis {
  return new Redis(serviceUrls().redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
}
