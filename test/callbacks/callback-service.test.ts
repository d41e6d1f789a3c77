import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallRepository } from '../../src/db/call-repository.ts';
import { CallId, ServiceId } from '../../src/domain/ids.ts';
import { createKit, type Kit } from './callback-fixture.ts';

let kit: Kit;
beforeAll(async () => {
  kit = await createKit();
});
afterAll(async () => {
  await kit.close();
});

const citizens = ServiceId('citizens');
const at = (iso: string) => Date.parse(iso);

async function setTime(iso: string) {
  const target = at(iso);
  if (target < kit.clock.now()) throw new Error('time only moves forward in this file');
  kit.clock.advance(target - kit.clock.now());
}

async function lostCall(number: string, callId: string) {
  await new CallRepository(kit.db).insertStarted({
    id: callId,
    channel_id: `ch-${callId}`,
    caller_number: number,
    dialled_number: '1655',
    started_at: new Date(kit.clock.now() - 30_000),
  });
  const lostCallId = await kit.queueRepo.recordLostCall({
    callId: CallId(callId),
    serviceId: citizens,
    callerNumber: number,
    language: 'en',
    waitedMs: 11_000,
    position: 1,
    hungUpAt: kit.clock.now(),
  });
  await kit.service.lostCall({
    lostCallId,
    callId: CallId(callId),
    serviceId: citizens,
    callerNumber: number,
    language: 'en',
    hungUpAt: kit.clock.now(),
  });
  return lostCallId;
}

async function openFor(e164: string) {
  return kit.repo.findOpen('citizens', e164);
}

describe('CallbackRuntime (in live hours, Tuesday)', () => {
  it('a lost call is stored, linked to the lost call, due after the grace period, and its job queued', async () => {
    await setTime('2026-12-01T10:00:00+04:00');
    const lostCallId = await lostCall('0501234567', 'call-lost-1');
    const cb = await openFor('+994501234567');
    expect(cb).toMatchObject({
      kind: 'lost-call',
      status: 'scheduled',
      language: 'en',
      dueFrom: kit.clock.now() + 120_000,
      dueUntil: at('2026-12-01T18:00:00+04:00'),
      maxAttempts: 3,
      sourceCallId: 'call-lost-1',
    });
    const lost = await kit.queueRepo.listLostCalls({ limit: 10 });
    expect(lost.find((l) => l.id === lostCallId)?.callback_id).toBe(cb?.id);
    expect(await kit.scheduler.jobState(cb!.id, 1)).toBe('delayed');
    // Retried (the lost-call outbox): still one callback.
    await kit.service.lostCall({
      lostCallId,
      callId: CallId('call-lost-1'),
      serviceId: citizens,
      callerNumber: '0501234567',
      language: 'en',
      hungUpAt: kit.clock.now(),
    });
    expect((await kit.repo.findOpenByNumber('+994501234567')).length).toBe(1);
  });

  it('a lost call from a number we may not call is logged, not scheduled', async () => {
    await lostCall('+74951234567', 'call-lost-intl');
    expect(await kit.repo.findOpenByNumber('+74951234567')).toEqual([]);
  });

  it('the caller served by a later call cancels the open lost-call callback, whatever form the number takes', async () => {
    await lostCall('994551112233', 'call-lost-2');
    const cb = await openFor('+994551112233');
    kit.service.callerServed(citizens, '+994 55 111 22 33', CallId('call-again'), 'operator');
    await waitUntil(async () => (await kit.repo.get(cb!.id))?.status === 'cancelled');
    const audit = (await kit.repo.getWithAudit(cb!.id))?.audit ?? [];
    expect(audit.at(-1)).toMatchObject({
      from: 'scheduled',
      to: 'cancelled',
      reason: 'caller served since: reached an operator (call call-again)',
    });
    await waitUntil(async () => (await kit.scheduler.jobState(cb!.id, 1)) === undefined);
  });

  it('the caller served by a later call mid-attempt hangs up the attempt: it never ends in two calls', async () => {
    await lostCall('0702223344', 'call-lost-3');
    const cb = (await openFor('+994702223344'))!;
    kit.clock.advance(120_000);
    await kit.dialler.run({ callbackId: cb.id, attempt: 1 });
    kit.queue.grant(cb.id);
    const op = kit.legs.last('operator');
    op.listener.answered(op.id);
    const citizen = kit.legs.last('citizen');
    kit.service.callerServed(citizens, '0702223344', CallId('call-again-2'), 'operator');
    await waitUntil(() => citizen.hungUp && op.hungUp);
    const full = await kit.repo.getWithAudit(cb.id);
    expect(full?.callback.status).toBe('cancelled');
    expect(full?.attempts).toMatchObject([{ attempt: 1, result: 'cancelled' }]);
    expect(kit.queue.done.at(-1)).toEqual({ callbackId: cb.id, operatorId: 'op1', answered: true });
    citizen.listener.answered(citizen.id); // too late: nothing is bridged
    expect(kit.talks.connected).toEqual([]);
  });

  it('a booked callback is kept when the caller is served by a later call', async () => {
    const r = await kit.service.book({
      callId: CallId('c-b1'),
      serviceId: citizens,
      number: '0123456789',
      language: 'az',
    });
    expect(r).toEqual({ ok: true, dueFrom: kit.clock.now() });
    kit.service.callerServed(citizens, '0123456789', CallId('c-b2'), 'operator');
    const cb = await openFor('+994123456789');
    await new Promise((r) => setImmediate(r));
    expect((await kit.repo.get(cb!.id))?.status).toBe('scheduled');
  });

  it('refuses a second booking for the same number, and numbers outside the plan', async () => {
    const again = await kit.service.book({
      callId: CallId('c-b3'),
      serviceId: citizens,
      number: '012 345 67 89',
      language: 'az',
    });
    expect(again).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^a callback to this number is already open/),
    });
    for (const [number, reason] of [
      ['112', /short service number/],
      ['+442071234567', /United Kingdom/],
      ['hello', /not a phone number/],
    ] as const) {
      const r = await kit.service.book({
        callId: CallId('c-b4'),
        serviceId: citizens,
        number,
        language: 'az',
      });
      expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
    }
  });

  it('admin cancel: cancelled once, then 409-worthy "closed"; unknown is not-found', async () => {
    await kit.service.book({
      callId: CallId('c-b5'),
      serviceId: citizens,
      number: '0504445566',
      language: 'az',
    });
    const cb = (await openFor('+994504445566'))!;
    const r = await kit.service.cancel(cb.id, 'admin', 'citizen asked by e-mail');
    expect(r).toMatchObject({ kind: 'cancelled', callback: { status: 'cancelled' } });
    const audit = (await kit.repo.getWithAudit(cb.id))?.audit ?? [];
    expect(audit.at(-1)?.reason).toBe('cancelled by admin: citizen asked by e-mail');
    expect(await kit.service.cancel(cb.id, 'admin')).toMatchObject({ kind: 'closed' });
    expect(await kit.service.cancel('nope', 'admin')).toEqual({ kind: 'not-found' });
  });

  it('after hours a booking is due at the next opening (the next working day)', async () => {
    await setTime('2026-12-04T19:30:00+04:00'); // Friday evening
    const r = await kit.service.book({
      callId: CallId('c-b6'),
      serviceId: citizens,
      number: '0553334455',
      language: 'ru',
    });
    expect(r).toEqual({ ok: true, dueFrom: at('2026-12-07T09:00:00+04:00') }); // Monday
    const cb = (await openFor('+994553334455'))!;
    expect(cb.dueUntil).toBe(at('2026-12-07T18:00:00+04:00'));
    expect((await kit.repo.getWithAudit(cb.id))?.audit[0]?.reason).toBe('booked-after-hours');
  });
});

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setImmediate(r));
  }
}
