// Applies the plain SQL files in sql/ in name order, once each, and remembers them in
// schema_migrations. Several processes may start at once (compose, replicas, tests), so the whole
// run holds a Postgres advisory lock: the first applies, the others wait and then find nothing to do.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Logger } from '../log/logger.ts';

/** The repo's sql/ folder, found from this file so the current directory does not matter. */
export const DEFAULT_SQL_DIR = fileURLToPath(new URL('../../sql/', import.meta.url));

// Any constant works as long as every cagri process uses the same one; advisory locks are per database.
const MIGRATION_LOCK_KEY = 0x6361_6772_69; // "cagri"

const MIGRATION_FILE = /^\d+_[\w-]+\.sql$/;

export type MigrationProblem =
  | { kind: 'changed'; name: string; appliedChecksum: string; fileChecksum: string }
  | { kind: 'failed'; name: string; cause: string }
  | { kind: 'unreadable'; dir: string; cause: string };

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(readonly problem: MigrationProblem) {
    super(describe(problem));
  }
}

function describe(p: MigrationProblem): string {
  switch (p.kind) {
    case 'changed':
      return (
        `sql/${p.name} was edited after it was applied (checksum in the database ${p.appliedChecksum.slice(0, 12)}…, ` +
        `file ${p.fileChecksum.slice(0, 12)}…). Put the change in a new migration file and restore the original.`
      );
    case 'failed':
      return `sql/${p.name} failed and was rolled back: ${p.cause}`;
    case 'unreadable':
      return `cannot read the migrations folder ${p.dir}: ${p.cause}`;
  }
}

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

async function readMigrations(dir: string): Promise<MigrationFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => MIGRATION_FILE.test(n)).sort();
  } catch (err) {
    throw new MigrationError({ kind: 'unreadable', dir, cause: (err as Error).message });
  }
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

export async function migrate(
  databaseUrl: string,
  opts: { sqlDir?: string; logger?: Logger } = {},
): Promise<{ applied: string[] }> {
  const files = await readMigrations(opts.sqlDir ?? DEFAULT_SQL_DIR);
  const log = opts.logger?.child({ component: 'migrator' });
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'cagri-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      // Created under the lock: two concurrent CREATE TABLE IF NOT EXISTS can still collide.
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        name       text PRIMARY KEY,
        checksum   text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ name: string; checksum: string }>(
        'SELECT name, checksum FROM schema_migrations',
      );
      const done = new Map(rows.map((r) => [r.name, r.checksum]));
      for (const f of files) {
        const appliedChecksum = done.get(f.name);
        if (appliedChecksum !== undefined && appliedChecksum !== f.checksum) {
          throw new MigrationError({
            kind: 'changed',
            name: f.name,
            appliedChecksum,
            fileChecksum: f.checksum,
          });
        }
      }
      const known = new Set(files.map((f) => f.name));
      for (const name of done.keys()) {
        if (!known.has(name))
          log?.warn({ migration: name }, 'database has a migration this version does not know');
      }
      const applied: string[] = [];
      for (const f of files) {
        if (done.has(f.name)) continue;
        await applyOne(client, f);
        applied.push(f.name);
        log?.info({ migration: f.name }, 'applied migration');
      }
      return { applied };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

async function applyOne(client: pg.Client, f: MigrationFile): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(f.sql);
    await client.query('INSERT INTO schema_migrations (name, checksum, applied_at) VALUES ($1, $2, now())', [
      f.name,
      f.checksum,
    ]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrationError({ kind: 'failed', name: f.name, cause: (err as Error).message });
  }
}
