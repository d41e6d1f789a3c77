import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SQL_DIR, MigrationError, migrate } from '../../src/db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../support/services.ts';

const created: TestDatabase[] = [];
async function emptyDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrated: false });
  created.push(db);
  return db;
}

async function appliedNames(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    return rows.map((r) => r.name);
  } finally {
    await c.end();
  }
}

/** Every migration the repo ships, in the order they must apply. */
async function shippedMigrations(): Promise<string[]> {
  return (await readdir(DEFAULT_SQL_DIR)).filter((f) => f.endsWith('.sql')).sort();
}

afterEach(async () => {
  for (const db of created.splice(0)) await db.drop();
});

describe('migrate', () => {
  it('applies every sql/ file once, in name order, and nothing on a second run', async () => {
    const db = await emptyDatabase();
    const first = await migrate(db.url);
    expect(first.applied).toEqual(await shippedMigrations());
    expect(first.applied.slice(0, 3)).toEqual(['001_calls.sql', '002_queue.sql', '003_callbacks.sql']);
    const second = await migrate(db.url);
    expect(second.applied).toEqual([]);
    expect(await appliedNames(db.url)).toEqual(first.applied);
  });

  it('applies each file exactly once when five processes migrate at the same time', async () => {
    const db = await emptyDatabase();
    const runs = await Promise.all(Array.from({ length: 5 }, () => migrate(db.url)));
    const all = runs.flatMap((r) => r.applied).sort();
    expect(all).toEqual(await shippedMigrations());
    expect(await appliedNames(db.url)).toEqual(all);
  });

  it('refuses to run when an applied file was edited, naming the file', async () => {
    const db = await emptyDatabase();
    const dir = await mkdtemp(join(tmpdir(), 'cagri-sql-'));
    try {
      await writeFile(join(dir, '001_a.sql'), 'CREATE TABLE a (id int);');
      await migrate(db.url, { sqlDir: dir });
      await writeFile(join(dir, '001_a.sql'), 'CREATE TABLE a (id bigint);');
      const err = await migrate(db.url, { sqlDir: dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MigrationError);
      expect((err as MigrationError).problem.kind).toBe('changed');
      expect((err as Error).message).toMatch(/sql\/001_a\.sql was edited after it was applied/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rolls back a failing file and records nothing for it', async () => {
    const db = await emptyDatabase();
    const dir = await mkdtemp(join(tmpdir(), 'cagri-sql-'));
    try {
      await writeFile(join(dir, '001_ok.sql'), 'CREATE TABLE ok (id int);');
      await writeFile(join(dir, '002_bad.sql'), 'CREATE TABLE half (id int); SELECT * FROM missing_table;');
      const err = await migrate(db.url, { sqlDir: dir }).catch((e: unknown) => e);
      expect((err as MigrationError).problem).toMatchObject({ kind: 'failed', name: '002_bad.sql' });
      expect(await appliedNames(db.url)).toEqual(['001_ok.sql']);
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      const { rows } = await c.query("SELECT to_regclass('half') AS t");
      await c.end();
      expect(rows[0].t).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('finds sql/ from its own location, whatever the working directory', async () => {
    expect(await readFile(join(DEFAULT_SQL_DIR, '001_calls.sql'), 'utf8')).toMatch(/CREATE TABLE calls/);
  });
});
