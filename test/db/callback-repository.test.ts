import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyState } from '../../src/callbacks/callback-record.ts';
import { transition } from '../../src/callbacks/policy/callback-lifecycle.ts';
import { CallRepository } from '../../src/db/call-repository.ts';
import { CallbackRepository, type NewCallback } from '../../src/db/callback-repository.ts';
import { createDatabase } from '../../src/db/database.ts';
import type { Database } from '../../src/db/schema.ts';
import { CallbackId, CallId, ServiceId } from '../../src/domain/ids.ts';
import { createTestDatabase, type TestDatabase } from '../support/services.ts';

let tdb: TestDatabase;
let db: Kysely<Database>;
let repo: CallbackRepository;

const T0 = Date.parse('2026-12-01T10:00:00+04:00');
let seq = 0;

function newCallback(over: Partial<NewCallback> = {}): NewCallback {
  seq++;
  return {
    id: CallbackId(`cb-${seq}`),
    kind: 'lost-call',
    serviceId: ServiceId('citizens'),
    number: `+99450${String(1000000 + seq)}`,
    language: 'az',
    dueFrom: T0 + 120_000,
    dueUntil: Date.parse('2026-12-01T18:00:00+04:00'),
    maxAttempts: 3,
    at: T0,
    reason: 'grace-period',
    ...over,
  };
}

async function created(over: Partial<NewCallback> = {}) {
  const r = await repo.create(newCallback(over));
  if (r.kind !== 'created') throw new Error('expected created');
  return r.callback;
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = createDatabase(tdb.url, { maxConnections: 8 });
  repo = new CallbackRepository(db);
});
afterAll(async () => {
  await db?.destroy();
  await tdb?.drop();
});

describe('CallbackRepository.create', () => {
  it('stores a scheduled callback with its first audit row', async () => {
    const cb = await created({ kind: 'booked', language: 'ru' });
    expect(cb).toMatchObject({
      kind: 'booked',
      status: 'scheduled',
      language: 'ru',
      attempts: 0,
      maxAttempts: 3,
      nextAttemptAt: T0 + 120_000,
      createdAt: T0,
      sourceCallId: null,
    });
    const full = await repo.getWithAudit(cb.id);
    expect(full?.audit).toEqual([
      { at: T0, from: null, to: 'scheduled', attempt: 0, reason: 'grace-period' },
    ]);
    expect(full?.attempts).toEqual([]);
  });

  it('links the source call when its row exists, and never fails when it does not (yet)', async () => {
    await new CallRepository(db).insertStarted({
      id: 'call-1',
      channel_id: 'ch-1',
      caller_number: '+994501111111',
      dialled_number: '1655',
      started_at: new Date(T0),
    });
    expect((await created({ sourceCallId: CallId('call-1') })).sourceCallId).toBe('call-1');
    expect((await created({ sourceCallId: CallId('call-not-yet-written') })).sourceCallId).toBeNull();
  });

  it('refuses a second open callback for the same service and number, with the open one', async () => {
    const first = await created({ number: '+994501234567' });
    const second = await repo.create(newCallback({ number: '+994501234567', kind: 'booked' }));
    expect(second).toEqual({ kind: 'already-open', existing: first });
    // Another service may call the same number.
    expect(
      (await repo.create(newCallback({ number: '+994501234567', serviceId: ServiceId('other') }))).kind,
    ).toBe('created');
  });

  it('lets exactly one of many concurrent creates through (the unique index is the guard)', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => repo.create(newCallback({ number: '+994557777777' }))),
    );
    expect(results.filter((r) => r.kind === 'created')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'already-open')).toHaveLength(5);
  });

  it('allows a new callback once the previous one is closed', async () => {
    const cb = await created({ number: '+994502222333' });
    const moved = transition(policyState(cb), { type: 'admin-cancel', by: 'test' }, T0 + 1);
    if (moved.kind !== 'moved') throw new Error('expected moved');
    expect((await repo.applyTransition(cb.id, cb, moved)).kind).toBe('applied');
    expect((await repo.create(newCallback({ number: '+994502222333' }))).kind).toBe('created');
  });
});

describe('CallbackRepository transitions and attempts', () => {
  it('applies a transition with its audit row; a stale writer gets a typed conflict', async () => {
    const cb = await created();
    const cancel = transition(
      policyState(cb),
      { type: 'caller-served', how: 'operator', callId: 'c9' },
      T0 + 5000,
    );
    const expire = transition(policyState(cb), { type: 'window-passed' }, cb.dueUntil);
    if (cancel.kind !== 'moved' || expire.kind !== 'moved') throw new Error('expected moved');
    const [a, b] = await Promise.all([
      repo.applyTransition(cb.id, cb, cancel),
      repo.applyTransition(cb.id, cb, expire),
    ]);
    const kinds = [a.kind, b.kind].sort();
    expect(kinds).toEqual(['applied', 'conflict']);
    const winner = a.kind === 'applied' ? a.callback : b.kind === 'applied' ? b.callback : undefined;
    const loser = a.kind === 'conflict' ? a : b.kind === 'conflict' ? b : undefined;
    expect(loser?.kind === 'conflict' && loser.current?.status).toBe(winner?.status);
    const audit = (await repo.getWithAudit(cb.id))?.audit ?? [];
    expect(audit.map((e) => e.to)).toEqual(['scheduled', winner?.status]);
  });

  it('claims the attempt and moves to dialling together; the same attempt cannot start twice', async () => {
    const cb = await created();
    const now = cb.nextAttemptAt;
    const start = transition(policyState(cb), { type: 'attempt-started' }, now);
    if (start.kind !== 'moved') throw new Error('expected moved');
    const results = await Promise.all([
      repo.startAttempt(cb.id, cb, start, 'w1'),
      repo.startAttempt(cb.id, cb, start, 'w2'),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(['already-claimed', 'started']);
    const after = await repo.getWithAudit(cb.id);
    expect(after?.callback).toMatchObject({ status: 'dialling', attempts: 1 });
    expect(after?.attempts).toHaveLength(1);
    expect(after?.attempts[0]).toMatchObject({ attempt: 1, endedAt: null, result: null });
    expect((await repo.unfinishedAttempts()).map((a) => a.callbackId)).toContain(cb.id);

    // Leaving dialling closes the attempt in the same write; the first result stays.
    const dialling = after!.callback;
    const reached = transition(policyState(dialling), { type: 'reached' }, now + 30_000);
    if (reached.kind !== 'moved') throw new Error('expected moved');
    const w = await repo.applyTransition(cb.id, dialling, reached, {
      finishAttempt: { attempt: 1, result: 'reached' },
    });
    expect(w.kind).toBe('applied');
    expect(await repo.finishAttempt(cb.id, 1, 'late', now + 60_000)).toBe(false);
    const final = await repo.getWithAudit(cb.id);
    expect(final?.attempts[0]).toMatchObject({ attempt: 1, result: 'reached', endedAt: now + 30_000 });
    expect((await repo.unfinishedAttempts()).map((a) => a.callbackId)).not.toContain(cb.id);
  });

  it('a claimed attempt row refuses the move to dialling (a crash between claim and start)', async () => {
    const cb = await created();
    expect(await repo.claimAttempt(cb.id, 1, 'dead-worker', T0)).toBe(true);
    expect(await repo.claimAttempt(cb.id, 1, 'other', T0)).toBe(false);
    const start = transition(policyState(cb), { type: 'attempt-started' }, cb.nextAttemptAt);
    if (start.kind !== 'moved') throw new Error('expected moved');
    expect((await repo.startAttempt(cb.id, cb, start, 'w')).kind).toBe('already-claimed');
    expect((await repo.get(cb.id))?.status).toBe('scheduled');
  });
});

describe('CallbackRepository queries', () => {
  let tdb2: TestDatabase;
  let db2: Kysely<Database>;
  let r2: CallbackRepository;
  beforeAll(async () => {
    tdb2 = await createTestDatabase();
    db2 = createDatabase(tdb2.url, { maxConnections: 2 });
    r2 = new CallbackRepository(db2);
    const day = (d: number, h: number) =>
      Date.parse(`2026-12-0${d}T${String(h).padStart(2, '0')}:00:00+04:00`);
    await r2.create(
      newCallback({
        id: CallbackId('a'),
        number: '+994501000001',
        dueFrom: day(1, 10),
        dueUntil: day(1, 18),
      }),
    );
    await r2.create(
      newCallback({
        id: CallbackId('b'),
        kind: 'booked',
        number: '+994501000002',
        dueFrom: day(2, 9),
        dueUntil: day(2, 18),
      }),
    );
    await r2.create(
      newCallback({
        id: CallbackId('c'),
        number: '+994501000003',
        dueFrom: day(1, 17),
        dueUntil: day(1, 18),
      }),
    );
    const c = (await r2.get('c'))!;
    const moved = transition(
      policyState(c),
      { type: 'caller-served', how: 'operator', callId: 'c9' },
      day(1, 12),
    );
    if (moved.kind === 'moved') await r2.applyTransition('c', c, moved);
  });
  afterAll(async () => {
    await db2?.destroy();
    await tdb2?.drop();
  });

  it('lists by status, kind and due day, earliest due first', async () => {
    const ids = async (q: Parameters<CallbackRepository['list']>[0]) => (await r2.list(q)).map((c) => c.id);
    expect(await ids({ limit: 10 })).toEqual(['a', 'c', 'b']);
    expect(await ids({ limit: 10, status: 'scheduled' })).toEqual(['a', 'b']);
    expect(await ids({ limit: 10, kind: 'booked' })).toEqual(['b']);
    const dec1 = {
      from: Date.parse('2026-12-01T00:00:00+04:00'),
      until: Date.parse('2026-12-02T00:00:00+04:00'),
    };
    expect(await ids({ limit: 10, dueDuring: dec1 })).toEqual(['a', 'c']);
    expect(await ids({ limit: 1 })).toEqual(['a']);
  });

  it('finds open callbacks of a number and the scheduled ones for the reconciler', async () => {
    expect((await r2.findOpen('citizens', '+994501000001'))?.id).toBe('a');
    expect(await r2.findOpen('citizens', '+994501000003')).toBeUndefined();
    expect((await r2.findOpenByNumber('+994501000002')).map((c) => c.id)).toEqual(['b']);
    expect((await r2.listScheduled()).map((c) => c.id)).toEqual(['a', 'b']);
    expect(await r2.getWithAudit('nope')).toBeUndefined();
  });
});
