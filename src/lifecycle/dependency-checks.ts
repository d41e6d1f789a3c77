// The start-up checks of Postgres and Redis: one short-lived connection each, bounded in time, so
// a wait never piles up half-open clients or retry loops of the drivers themselves.
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Dependency } from './dependency-wait.ts';

const CONNECT_TIMEOUT_MS = 3000;

/** Wrong password, unknown role or database: an admin must change a setting. */
const PG_SETTING_CODES: Record<string, string> = {
  '28P01': 'the password is wrong',
  '28000': 'the role may not connect',
  '3D000': 'the database does not exist (create it, or fix the name)',
};

export function postgresDependency(url: string): Dependency {
  return {
    name: 'postgres',
    variable: 'DATABASE_URL',
    async check() {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
      // A connection dropped after connect() would otherwise be an unhandled 'error' event.
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('select 1');
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    settingProblem: (err) => PG_SETTING_CODES[(err as { code?: string }).code ?? ''],
  };
}

export function redisDependency(url: string): Dependency {
  return {
    name: 'redis',
    variable: 'REDIS_URL',
    async check() {
      const client = new Redis(url, {
        lazyConnect: true,
        connectTimeout: CONNECT_TIMEOUT_MS,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => null,
      });
      // connect() rejects with a bare "Connection is closed."; the cause comes as an 'error' event.
      let cause: Error | undefined;
      client.on('error', (err: Error) => {
        cause ??= err;
      });
      try {
        await client.connect();
        await client.ping();
      } catch (err) {
        throw cause ?? err;
      } finally {
        client.disconnect();
      }
    },
    settingProblem: (err) => {
      const message = err instanceof Error ? err.message : '';
      return /WRONGPASS|NOAUTH|NOPERM/.test(message) ? 'the credentials are refused' : undefined;
    },
  };
}
