// The Kysely handle over a pg Pool, shared by every repository in the process.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Logger } from '../log/logger.ts';
import type { Database } from './schema.ts';

export interface DatabaseOptions {
  /**
   * Pool size (env PG_POOL_MAX). Calls write a few short rows each; at 600-800 calls a pool of 10
   * made writes wait 5 s for a connection (issue 15), so the default is 20 — well under Postgres'
   * own 100 connections, shared with the other engines and tools.
   */
  maxConnections?: number;
  logger?: Logger;
}

export const DEFAULT_POOL_MAX = 20;

export function createDatabase(url: string, opts: DatabaseOptions = {}): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.maxConnections ?? DEFAULT_POOL_MAX,
    idleTimeoutMillis: 30_000,
    // Fail fast when Postgres is down instead of queueing forever; callers retry or report.
    connectionTimeoutMillis: 5_000,
    application_name: 'cagri',
  });
  // An idle client losing its connection emits 'error' on the pool; unhandled, that kills the process.
  pool.on('error', (err) => opts.logger?.warn({ err: err.message }, 'idle Postgres connection lost'));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Readiness check: throws when Postgres does not answer. */
export async function checkPostgres(db: Kysely<Database>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
