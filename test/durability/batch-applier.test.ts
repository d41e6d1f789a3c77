// Batched journal writes (issue 15): many calls' writes land as one statement a round, with the
// same rows as the single path, each call's writes in order, an invalid write dead-lettered alone,
// and nothing lost or doubled across a Postgres outage. Real Postgres throughout.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CallRepository } from '../../src/db/call-repository.ts';
import { createDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrator.ts';
import { QueueRepository } from '../../src/db/queue-repository.ts';
import type { Database } from '../../src/db/schema.ts';
import { type BatchApplier, postgresBatchApplier } from '../../src/durability/batch-applier.ts';
import { DEAD_LETTER_FILE, DurableWrites } from '../../src/durability/durable-writes.ts';
import { postgresApplier } from '../../src/durability/write-applier.ts';
import type { WriteCommand } from '../../src/durability/write-commands.ts';
import { createLogger } from '../../src/log/logger.ts';
import { PrivatePostgres } from '../faults/fault-kit.ts';
import { createTestDatabase, type TestDatabase } from '../support/services.ts';

const logger = createLogger({ level: 'silent' });
const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
const dir = () => mkdtempSync(path.join(tmpdir(), 'cagri-batch-'));

interface Target {
  db: Kysely<Database>;
  tdb?: TestDatabase;
}

const targets: Target[] = [];
async function target(): Promise<Target> {
  const tdb = await createTestDatabase();
  const t = { tdb, db: createDatabase(tdb.url, { maxConnections: 4 }) };
  targets.push(t);
  return t;
}
afterAll(async () => {
  for (const t of targets) {
    await t.db.destroy();
    await t.tdb?.drop();
  }
});

const single = (db: Kysely<Database>) =>
  postgresApplier({
    calls: new CallRepository(db),
    queue: new QueueRepository(db),
    notifier: { send: async () => undefined },
  });

/** A call's whole journey as the engine journals it (greeting, key 0, hold, hang-up). */
function journey(i: number, variant = i % 4): WriteCommand[] {
  const callId = `call-${String(i).padStart(4, '0')}`;
  const at = T0 + i * 1000;
  const started: WriteCommand = {
    type: 'call-started',
    callId,
    channelId: `1795871407.${i}`,
    serviceId: variant === 3 ? null : '1655',
    callerNumber: `+99450${String(i).padStart(7, '0')}`,
    dialledNumber: '1655',
    language: variant === 2 ? null : 'az',
    configVersion: variant === 1 ? null : 'v7',
    at,
  };
  return [
    started,
    { type: 'call-answered', callId, at: at + 120 },
    ...(variant === 2 ? [{ type: 'call-language', callId, language: 'ru' } as const] : []),
    {
      type: 'queue-entry',
      callId,
      serviceId: '1655',
      channelId: `1795871407.${i}`,
      callerNumber: started.callerNumber,
      language: 'az',
      urgent: variant === 1,
      joinedAt: at + 9000,
      ...(variant !== 3 && {
        choice: { reason: 'complaint', menuPath: ['1', 'it\'s "quoted"'], collected: { appeal: `A-${i}` } },
      }),
    },
    {
      type: 'queue-entry-closed',
      callId,
      outcome: variant === 0 ? 'connected' : 'abandoned',
      at: at + 20_000,
      ...(variant === 0 && { operatorId: 'op-7' }),
    },
    { type: 'call-ended', callId, at: at + 30_000, cause: 'caller-hangup', outcome: 'operator' },
    // Replayed or late writes: the first answer and the first end win, on both paths.
    { type: 'call-answered', callId, at: at + 999 },
    { type: 'call-ended', callId, at: at + 40_000, cause: 'engine-hangup', outcome: 'late' },
  ];
}

const write = <T extends WriteCommand['type']>(cs: WriteCommand[], type: T) =>
  cs.find((c): c is Extract<WriteCommand, { type: T }> => c.type === type)!;

/** Every journey's writes enqueued in one turn, as a busy engine would. */
function enqueueJourneys(writes: DurableWrites, from: number, to: number): void {
  for (let i = from; i < to; i++)
    for (const c of journey(i)) writes.enqueue(`call-${String(i).padStart(4, '0')}`, c);
}

async function rows(db: Kysely<Database>) {
  return {
    calls: await db.selectFrom('calls').selectAll().orderBy('id').execute(),
    entries: await db.selectFrom('queue_entries').selectAll().orderBy('call_id').execute(),
  };
}

/** Counts the statements every pg client sends (the BEGINs among them) while `fn` runs. */
async function countingQueries<T>(fn: () => Promise<T>): Promise<{ result: T; queries: string[] }> {
  const queries: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, q: unknown, ...rest: unknown[]) {
    queries.push(typeof q === 'string' ? q : ((q as { text?: string })?.text ?? '?'));
    return (original as (...a: unknown[]) => unknown).call(this, q, ...rest);
  } as typeof original;
  try {
    return { result: await fn(), queries };
  } finally {
    pg.Client.prototype.query = original;
  }
}

describe('batched journal writes', () => {
  let batchedDb: Kysely<Database>;
  let singleDb: Kysely<Database>;
  beforeAll(async () => {
    batchedDb = (await target()).db;
    singleDb = (await target()).db;
  });

  it('200 calls x 5 writes land in a handful of statements, with the same rows as one by one', async () => {
    const batched = DurableWrites.inMemory(logger);
    batched.start(single(batchedDb), postgresBatchApplier(batchedDb));
    const { queries } = await countingQueries(async () => {
      enqueueJourneys(batched, 0, 200);
      await batched.idle();
    });
    const one = DurableWrites.inMemory(logger);
    one.start(single(singleDb));
    enqueueJourneys(one, 0, 200);
    await one.idle();

    const [a, b] = [await rows(batchedDb), await rows(singleDb)];
    expect(a.calls).toHaveLength(200);
    expect(a.entries).toHaveLength(200);
    expect(a).toEqual(b);
    // Spot checks that the rows are the journeys' and not two equal wrongs.
    expect(a.calls[0]).toMatchObject({
      answered_at: new Date(T0 + 120),
      ended_at: new Date(T0 + 30_000),
      end_cause: 'caller-hangup',
    });
    expect(a.calls[2]).toMatchObject({ language: 'ru', service_id: '1655', config_version: 'v7' });
    expect(a.entries[1]).toMatchObject({ urgent: true, state: 'abandoned', operator_id: null });
    expect(a.entries[0]).toMatchObject({
      state: 'connected',
      operator_id: 'op-7',
      menu_path: ['1', 'it\'s "quoted"'],
      collected: { appeal: 'A-0' },
    });
    expect(a.entries[3]).toMatchObject({ reason: 'operator', menu_path: [], collected: {} });
    // 8 writes a call in 200 keys: 8 rounds of one statement each (plus slack), no transactions.
    console.log(`batched: 1600 writes of 200 calls in ${queries.length} statements`);
    expect(queries.length).toBeLessThanOrEqual(12);
    expect(queries.filter((q) => /^\s*begin\b/i.test(q)).length).toBeLessThanOrEqual(4);
  });

  it('a call started, answered and ended back to back keeps its order; a replayed start changes nothing', async () => {
    const { db } = await target();
    const writes = DurableWrites.inMemory(logger);
    writes.start(single(db), postgresBatchApplier(db));
    const j = journey(9000, 1);
    const started = write(j, 'call-started');
    // Other calls in the same rounds, so the key's writes are really in batches.
    enqueueJourneys(writes, 9001, 9010);
    writes.enqueue('call-9000', started);
    writes.enqueue('call-9000', write(j, 'call-answered'));
    writes.enqueue('call-9000', write(j, 'call-ended'));
    writes.enqueue('call-9000', { ...started, at: T0 });
    await writes.idle();
    const row = await db
      .selectFrom('calls')
      .selectAll()
      .where('id', '=', 'call-9000')
      .executeTakeFirstOrThrow();
    expect(row.started_at).toEqual(new Date(T0 + 9000 * 1000));
    expect(row.answered_at).toEqual(new Date(T0 + 9000 * 1000 + 120));
    expect(row.ended_at).toEqual(new Date(T0 + 9000 * 1000 + 30_000));
  });

  it('one call written under two keys in a round runs as a transaction in order, not as a failing statement', async () => {
    const { db } = await target();
    const writes = DurableWrites.inMemory(logger);
    writes.start(single(db), postgresBatchApplier(db));
    const j = journey(7000, 0);
    writes.enqueue('k', write(j, 'call-started'));
    await writes.idle();
    const entry = write(j, 'queue-entry');
    // Twice the same row in one upsert would be an error Postgres never stops giving (21000).
    writes.enqueue('a', entry);
    writes.enqueue('b', { ...entry, channelId: 'moved' });
    writes.enqueue('c', write(j, 'call-answered'));
    const { queries } = await countingQueries(() => writes.idle());
    expect(queries.filter((q) => /^\s*begin\b/i.test(q))).toHaveLength(1);
    const row = await db.selectFrom('queue_entries').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel_id: 'moved', state: 'waiting' });
  });

  it('an invalid write in a batch is dead-lettered alone; the others are applied', async () => {
    const { db } = await target();
    const d = dir();
    const writes = await DurableWrites.open(d, logger);
    writes.start(single(db), postgresBatchApplier(db));
    const applied: WriteCommand[] = [];
    writes.onApplied((c) => applied.push(c));
    for (let i = 0; i < 20; i++) writes.enqueue(`c${i}`, journey(i)[0]!);
    await writes.idle();
    // A queue entry for a call that does not exist (foreign key) and a NUL byte (invalid text).
    writes.enqueue('c20', write(journey(20, 0), 'queue-entry'));
    writes.enqueue('c21', {
      ...(journey(21)[0] as WriteCommand & { type: 'call-started' }),
      callerNumber: 'a\u0000b',
    });
    for (let i = 0; i < 20; i++) writes.enqueue(`c${i}`, journey(i)[1]!);
    await writes.idle();
    const dead = readFileSync(path.join(d, DEAD_LETTER_FILE), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(dead.map((x) => x.key).sort()).toEqual(['c20', 'c21']);
    expect(dead.find((x) => x.key === 'c20').reason).toMatch(/foreign key/);
    const answered = await db.selectFrom('calls').select('id').where('answered_at', 'is not', null).execute();
    expect(answered).toHaveLength(20);
    expect(applied).toHaveLength(42); // a dead-lettered write is done too: never retried for ever
    expect(writes.backlog).toBe(0);
    await writes.close();
  });
});

describe('batched journal writes while Postgres is away', () => {
  let pgp: PrivatePostgres;
  let db: Kysely<Database>;
  beforeAll(async () => {
    pgp = await PrivatePostgres.start();
    await migrate(pgp.url());
    db = createDatabase(pgp.url(), { maxConnections: 4, logger });
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
    await pgp?.destroy();
  });

  it('keeps every write until Postgres is back, then applies each exactly once', async () => {
    const batch = postgresBatchApplier(db);
    let failures = 0;
    const counting: BatchApplier = {
      accepts: batch.accepts,
      apply: async (cs) => {
        try {
          await batch.apply(cs);
        } catch (err) {
          failures++;
          throw err;
        }
      },
    };
    const writes = await DurableWrites.open(dir(), logger, { minDelayMs: 20, maxDelayMs: 100 });
    writes.start(single(db), counting);
    const applied = new Map<string, number>();
    writes.onApplied((c) => {
      const k = JSON.stringify(c);
      applied.set(k, (applied.get(k) ?? 0) + 1);
    });
    enqueueJourneys(writes, 0, 10); // some land before the outage
    pgp.stopServer();
    enqueueJourneys(writes, 10, 60);
    await vi.waitFor(() => expect(failures).toBeGreaterThan(2), { timeout: 10_000, interval: 20 });
    expect(writes.backlog).toBeGreaterThan(0);
    pgp.startServer();
    await writes.idle();

    expect(writes.backlog).toBe(0);
    const written = await rows(db);
    expect(written.calls).toHaveLength(60);
    expect(written.entries).toHaveLength(60);
    expect(written.calls.every((c) => c.answered_at !== null && c.end_cause === 'caller-hangup')).toBe(true);
    // Each journalled write reported applied once (the two replays in each journey included).
    const expected = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      for (const c of journey(i)) expected.set(JSON.stringify(c), (expected.get(JSON.stringify(c)) ?? 0) + 1);
    }
    expect(applied).toEqual(expected);
    await writes.close();
  }, 60_000);
});
