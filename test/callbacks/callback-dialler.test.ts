import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobOutcome } from '../../src/callbacks/callback-scheduler.ts';
import type { NewCallback } from '../../src/db/callback-repository.ts';
import { CallbackId, ServiceId } from '../../src/domain/ids.ts';
import { createKit, type Kit } from './callback-fixture.ts';

let kit: Kit;
let n = 0;

beforeEach(async () => {
  kit = await createKit();
});
afterEach(async () => {
  await kit.close();
});

const at = (iso: string) => Date.parse(iso);

async function storeCallback(over: Partial<NewCallback> = {}) {
  const now = kit.clock.now();
  const r = await kit.repo.create({
    id: CallbackId(`cb-${++n}`),
    kind: 'lost-call',
    serviceId: ServiceId('citizens'),
    number: '+994501234567',
    language: 'ru',
    dueFrom: now,
    dueUntil: at('2026-12-01T18:00:00+04:00'),
    maxAttempts: 3,
    at: now,
    reason: 'grace-period',
    ...over,
  });
  if (r.kind !== 'created') throw new Error('not created');
  return r.callback;
}

const status = async (id: string) => (await kit.repo.get(id))?.status;

describe('CallbackDialler: one attempt', () => {
  it('operator first, then the citizen through the trunk, then a bridge: reached', async () => {
    const cb = await storeCallback();
    expect(await kit.dialler.run({ callbackId: cb.id, attempt: 1 })).toEqual({
      kind: 'done',
      note: 'attempt started',
    });
    // Persisted before anything rings; the queue is asked with the caller's language.
    expect(await kit.repo.get(cb.id)).toMatchObject({ status: 'dialling', attempts: 1 });
    expect(kit.queue.requests).toEqual([{ callbackId: cb.id, queueId: 'general', language: 'ru' }]);
    expect(kit.legs.rung).toHaveLength(0);

    kit.queue.grant(cb.id, 'op2');
    const op = kit.legs.last('operator');
    expect(op.req).toMatchObject({ endpoint: 'PJSIP/op2', purpose: ['callback', cb.id, 'operator'] });
    expect(kit.legs.count('citizen')).toBe(0); // the citizen is called only once an operator is there

    op.listener.answered(op.id);
    const citizen = kit.legs.last('citizen');
    expect(citizen.req).toMatchObject({
      endpoint: 'PJSIP/0501234567@trunk',
      callerId: '1655',
      purpose: ['callback', cb.id, 'citizen'],
    });

    citizen.listener.answered(citizen.id);
    await waitUntil(() => kit.talks.connected.length === 1);
    expect(kit.talks.connected[0]).toMatchObject({ a: op.id, b: citizen.id });
    const full = await kit.repo.getWithAudit(cb.id);
    expect(full?.callback).toMatchObject({ status: 'reached', operatorId: 'op2' });
    expect(full?.audit.map((e) => e.to)).toEqual(['scheduled', 'dialling', 'reached']);
    expect(full?.attempts).toMatchObject([{ attempt: 1, result: 'reached' }]);
    expect(kit.queue.done).toEqual([]); // the operator is busy talking

    citizen.listener.ended(citizen.id);
    expect(kit.talks.gone).toEqual([citizen.id]);
    expect(kit.queue.done).toEqual([{ callbackId: cb.id, operatorId: 'op2', answered: true }]);
    expect(kit.dialler.activeCount).toBe(0);
  });

  it('the dial string template is configurable', async () => {
    const d = kit.newDialler({ trunkDialTemplate: 'PJSIP/trunk/sip:{e164}@carrier' });
    const cb = await storeCallback();
    await d.run({ callbackId: cb.id, attempt: 1 });
    kit.queue.grant(cb.id);
    kit.legs.last('operator').listener.answered(kit.legs.last('operator').id);
    expect(kit.legs.last('citizen').req.endpoint).toBe('PJSIP/trunk/sip:+994501234567@carrier');
  });

  it('an operator who does not answer gives the callback back to the queue, same attempt', async () => {
    const cb = await storeCallback();
    await kit.dialler.run({ callbackId: cb.id, attempt: 1 });
    kit.queue.grant(cb.id, 'op1');
    const op1 = kit.legs.last('operator');
    op1.listener.failed(op1.id, 'no-answer');
    expect(kit.queue.done).toEqual([{ callbackId: cb.id, operatorId: 'op1', answered: false }]);
    expect(kit.queue.requests).toHaveLength(2);
    kit.queue.grant(cb.id, 'op3');
    expect(kit.legs.last('operator').req.endpoint).toBe('PJSIP/op3');
    expect(await kit.repo.get(cb.id)).toMatchObject({ status: 'dialling', attempts: 1 });
  });

  it('no answer three times: retried after the delay, inside live hours, then failed', async () => {
    const cb = await storeCallback();
    for (let attempt = 1; attempt <= 3; attempt++) {
      const outcome = await kit.dialler.run({ callbackId: cb.id, attempt });
      expect(outcome).toEqual({ kind: 'done', note: 'attempt started' });
      kit.queue.grant(cb.id);
      const op = kit.legs.last('operator');
      op.listener.answered(op.id);
      const citizen = kit.legs.last('citizen');
      citizen.listener.failed(citizen.id, attempt === 2 ? 'busy' : 'no-answer');
      expect(op.hungUp).toBe(true);
      await waitUntil(() => kit.dialler.activeCount === 0);
      if (attempt < 3) {
        const next = kit.scheduled.at(-1);
        expect(next).toEqual({ callbackId: cb.id, attempt: attempt + 1, at: kit.clock.now() + 15 * 60_000 });
        expect(await kit.dialler.run({ callbackId: cb.id, attempt: attempt + 1 })).toEqual({
          kind: 'later',
          at: next?.at,
        });
        kit.clock.advance(15 * 60_000);
      }
    }
    const full = await kit.repo.getWithAudit(cb.id);
    expect(full?.callback).toMatchObject({ status: 'failed', attempts: 3 });
    expect(full?.attempts.map((a) => a.result)).toEqual([
      'citizen no-answer',
      'citizen busy',
      'citizen no-answer',
    ]);
    expect(full?.audit.at(-1)?.reason).toBe('citizen no-answer; all 3 attempts used');
    expect(kit.legs.count('citizen')).toBe(3);
    expect(kit.queue.done.every((d) => d.answered)).toBe(true);
  });

  it('a retry that would fall after closing expires the callback instead', async () => {
    kit.clock.advance(at('2026-12-01T17:50:00+04:00') - kit.clock.now());
    const cb = await storeCallback();
    await kit.dialler.run({ callbackId: cb.id, attempt: 1 });
    kit.queue.grant(cb.id);
    kit.legs.last('operator').listener.answered(kit.legs.last('operator').id);
    kit.legs.last('citizen').listener.failed(kit.legs.last('citizen').id, 'no-answer');
    await waitUntil(async () => (await status(cb.id)) === 'expired');
    expect(kit.scheduled).toEqual([]);
  });

  it('the operator hanging up while the citizen rings ends the attempt and hangs up the citizen', async () => {
    const cb = await storeCallback();
    await kit.dialler.run({ callbackId: cb.id, attempt: 1 });
    kit.queue.grant(cb.id);
    const op = kit.legs.last('operator');
    op.listener.answered(op.id);
    op.listener.ended(op.id);
    expect(kit.legs.last('citizen').hungUp).toBe(true);
    await waitUntil(async () => (await kit.repo.get(cb.id))?.status === 'scheduled');
    expect((await kit.repo.getWithAudit(cb.id))?.attempts[0]?.result).toBe(
      'operator hung up before the citizen answered',
    );
  });

  it('no operator free before the window closes: withdrawn and expired', async () => {
    kit.clock.advance(at('2026-12-01T17:55:00+04:00') - kit.clock.now());
    const cb = await storeCallback();
    await kit.dialler.run({ callbackId: cb.id, attempt: 1 });
    await kit.clock.advanceAsync(5 * 60_000);
    await waitUntil(async () => (await status(cb.id)) === 'expired');
    expect(kit.queue.withdrawn).toEqual([cb.id]);
    expect(kit.legs.rung).toEqual([]);
  });
});

describe('CallbackDialler: when not to dial', () => {
  it('stale and repeated jobs do nothing', async () => {
    const cb = await storeCallback();
    expect(await kit.dialler.run({ callbackId: cb.id, attempt: 2 })).toMatchObject({ kind: 'done' });
    expect(await kit.dialler.run({ callbackId: 'missing', attempt: 1 })).toEqual({
      kind: 'done',
      note: 'no such callback',
    });
    await kit.dialler.run({ callbackId: cb.id, attempt: 1 });
    // The same job again (BullMQ re-running a stalled job), here and on another worker.
    expect(await kit.dialler.run({ callbackId: cb.id, attempt: 1 })).toMatchObject({ kind: 'done' });
    expect(await kit.newDialler({ workerId: 'other' }).run({ callbackId: cb.id, attempt: 1 })).toMatchObject({
      kind: 'done',
    });
    expect(kit.queue.requests).toHaveLength(1);
  });

  it('waits until due, and only inside live hours', async () => {
    const early = await storeCallback({ dueFrom: kit.clock.now() + 120_000 });
    expect(await kit.dialler.run({ callbackId: early.id, attempt: 1 })).toEqual({
      kind: 'later',
      at: early.dueFrom,
    });
    // A booking due tomorrow morning, looked at in the evening.
    kit.clock.advance(at('2026-12-01T19:00:00+04:00') - kit.clock.now());
    const booked = await storeCallback({
      kind: 'booked',
      number: '+994123456789',
      dueFrom: at('2026-12-01T18:30:00+04:00'),
      dueUntil: at('2026-12-02T18:00:00+04:00'),
    });
    expect(await kit.dialler.run({ callbackId: booked.id, attempt: 1 })).toEqual({
      kind: 'later',
      at: at('2026-12-02T09:00:00+04:00'),
    });
    expect(await status(booked.id)).toBe('scheduled');
  });

  it('expires a callback whose window has passed', async () => {
    const cb = await storeCallback({ dueUntil: kit.clock.now() + 60_000 });
    kit.clock.advance(60_000);
    expect(await kit.dialler.run({ callbackId: cb.id, attempt: 1 })).toMatchObject({ kind: 'done' });
    expect(await status(cb.id)).toBe('expired');
  });

  it('checks the number against the numbering plan again and refuses it before dialling', async () => {
    const cb = await storeCallback();
    kit.config.value = {
      ...kit.config.value,
      callbacks: { ...kit.config.value.callbacks, numberingPlan: { country: 'AZ', allow: ['fixed-line'] } },
    };
    const outcome: JobOutcome = await kit.dialler.run({ callbackId: cb.id, attempt: 1 });
    expect(outcome).toEqual({ kind: 'done', note: 'refused' });
    const full = await kit.repo.getWithAudit(cb.id);
    expect(full?.callback.status).toBe('failed');
    expect(full?.audit.at(-1)?.reason).toMatch(
      /^refused: the number is not allowed by the numbering plan: mobile/,
    );
    expect(full?.audit.at(-1)?.reason).not.toContain('1234567');
    expect(kit.queue.requests).toEqual([]);
  });

  it('abort (cancelled elsewhere) hangs up the legs and frees the operator', async () => {
    const cb = await storeCallback();
    await kit.dialler.run({ callbackId: cb.id, attempt: 1 });
    kit.queue.grant(cb.id);
    kit.legs.last('operator').listener.answered(kit.legs.last('operator').id);
    expect(kit.dialler.abort(cb.id, 'test')).toBe(true);
    expect(kit.legs.rung.every((l) => l.hungUp)).toBe(true);
    expect(kit.queue.done).toEqual([{ callbackId: cb.id, operatorId: 'op1', answered: true }]);
    // Late events from the legs change nothing.
    kit.legs.last('citizen').listener.answered(kit.legs.last('citizen').id);
    expect(kit.talks.connected).toEqual([]);
  });
});

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setImmediate(r));
  }
}
