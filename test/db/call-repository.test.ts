import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallRepository } from '../../src/db/call-repository.ts';
import { checkPostgres, createDatabase } from '../../src/db/database.ts';
import type { Database, NewCall } from '../../src/db/schema.ts';
import { CallId, ServiceId } from '../../src/domain/ids.ts';
import { createTestDatabase, type TestDatabase } from '../support/services.ts';

let tdb: TestDatabase;
let db: Kysely<Database>;
let repo: CallRepository;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = createDatabase(tdb.url, { maxConnections: 2 });
  repo = new CallRepository(db);
});
afterAll(async () => {
  await db?.destroy();
  await tdb?.drop();
});

const call = (n: number, over: Partial<NewCall> = {}): NewCall => ({
  id: `call-${n}`,
  channel_id: `1795871407.${n}`,
  caller_number: '+994501234567',
  dialled_number: '1655',
  started_at: new Date(Date.UTC(2026, 10, 28, 9, 0, n)),
  ...over,
});

describe('CallRepository', () => {
  it('answers the readiness check', async () => {
    await expect(checkPostgres(db)).resolves.toBeUndefined();
  });

  it('records a call through its life: started, classified, answered, ended', async () => {
    const id = CallId('call-1');
    expect(await repo.insertStarted(call(1))).toBe(true);
    await repo.setServiceAndLanguage(id, {
      serviceId: ServiceId('social'),
      language: 'az',
      configVersion: 'v7',
    });
    await repo.markAnswered(id, new Date('2026-11-28T09:00:02Z'));
    expect(await repo.markEnded(id, new Date('2026-11-28T09:01:00Z'), 'caller-hangup', 'menu-only')).toBe(
      true,
    );
    expect(await repo.findById(id)).toEqual({
      id: 'call-1',
      channel_id: '1795871407.1',
      service_id: 'social',
      caller_number: '+994501234567',
      dialled_number: '1655',
      language: 'az',
      config_version: 'v7',
      started_at: new Date('2026-11-28T09:00:01Z'),
      answered_at: new Date('2026-11-28T09:00:02Z'),
      ended_at: new Date('2026-11-28T09:01:00Z'),
      end_cause: 'caller-hangup',
      outcome: 'menu-only',
    });
  });

  it('keeps the first write when a write is repeated', async () => {
    const id = CallId('call-2');
    expect(await repo.insertStarted(call(2))).toBe(true);
    expect(await repo.insertStarted(call(2, { caller_number: 'other' }))).toBe(false);
    await repo.markAnswered(id, new Date('2026-11-28T09:00:03Z'));
    await repo.markAnswered(id, new Date('2026-11-28T09:00:09Z'));
    expect(await repo.markEnded(id, new Date('2026-11-28T09:02:00Z'), 'engine-hangup', 'greeting')).toBe(
      true,
    );
    expect(await repo.markEnded(id, new Date('2026-11-28T09:03:00Z'), 'caller-hangup', 'x')).toBe(false);
    await repo.setServiceAndLanguage(id, { language: 'ru' });
    const row = await repo.findById(id);
    expect(row).toMatchObject({
      caller_number: '+994501234567',
      answered_at: new Date('2026-11-28T09:00:03Z'),
      ended_at: new Date('2026-11-28T09:02:00Z'),
      end_cause: 'engine-hangup',
      service_id: null,
      language: 'ru',
    });
  });

  it('lists recent calls newest first, filtered by caller number and limited', async () => {
    await repo.insertStarted(call(10, { caller_number: '+994551112233' }));
    await repo.insertStarted(call(11));
    await repo.insertStarted(call(12, { caller_number: '+994551112233' }));
    const recent = await repo.listRecent({ limit: 3 });
    expect(recent.map((r) => r.id)).toEqual(['call-12', 'call-11', 'call-10']);
    const mine = await repo.listRecent({ number: '+994551112233', limit: 10 });
    expect(mine.map((r) => r.id)).toEqual(['call-12', 'call-10']);
    expect(await repo.listRecent({ number: '+000', limit: 10 })).toEqual([]);
  });
});
