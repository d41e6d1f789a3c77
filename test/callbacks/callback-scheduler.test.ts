// BullMQ on the real Redis (under a test prefix) and the reconciler on the real Postgres.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallbackReconciler } from '../../src/callbacks/callback-reconciler.ts';
import { policyState } from '../../src/callbacks/callback-record.ts';
import { type CallbackJob, callbackJobId } from '../../src/callbacks/callback-scheduler.ts';
import { transition } from '../../src/callbacks/policy/callback-lifecycle.ts';
import { CallId, ServiceId } from '../../src/domain/ids.ts';
import { createKit, type Kit, waitFor } from './callback-fixture.ts';

let kit: Kit;
beforeEach(async () => {
  kit = await createKit();
});
afterEach(async () => {
  await kit.close();
});

async function book(number: string) {
  const r = await kit.service.book({
    callId: CallId(`call-${number}`),
    serviceId: ServiceId('citizens'),
    number,
    language: 'az',
  });
  if (!r.ok) throw new Error(r.reason);
  const cb = (await kit.repo.list({ limit: 100 })).find((c) => c.number === `+994${number.slice(1)}`);
  if (!cb) throw new Error('not stored');
  return cb;
}

describe('CallbackScheduler', () => {
  it('one job per attempt, id from the callback id, no phone number in Redis', async () => {
    const cb = await book('0501234567');
    await kit.scheduler.schedule(cb.id, 1, cb.nextAttemptAt); // again: the same job
    const jobs = await kit.scheduler.queue.getJobs(['delayed', 'waiting']);
    expect(jobs.map((j) => j.id)).toEqual([callbackJobId(cb.id, 1)]);
    expect(jobs[0]?.data).toEqual({ callbackId: cb.id, attempt: 1 });
    expect(callbackJobId(cb.id, 1)).not.toContain(':');
    expect(() => callbackJobId('a:b', 1)).toThrow(/must not contain ':'/);
    for (const key of await kit.redisKeys()) {
      const type = await kit.redis.type(key);
      const dump =
        type === 'hash'
          ? JSON.stringify(await kit.redis.hgetall(key))
          : type === 'zset'
            ? JSON.stringify(await kit.redis.zrange(key, 0, -1))
            : type === 'list'
              ? JSON.stringify(await kit.redis.lrange(key, 0, -1))
              : type === 'string'
                ? String(await kit.redis.get(key))
                : '';
      expect(dump).not.toMatch(/501234567/);
    }
  });

  it('the delay is dueAt minus the engine clock; a not-yet-due job is put back delayed', async () => {
    // After hours: the booking is due at the next opening, tomorrow 09:00.
    kit.clock.advance(Date.parse('2026-12-01T19:00:00+04:00') - kit.clock.now());
    const cb = await book('0551112233');
    expect(cb.dueFrom).toBe(Date.parse('2026-12-02T09:00:00+04:00'));
    const job = await kit.scheduler.queue.getJob(callbackJobId(cb.id, 1));
    expect(job?.opts.delay).toBe(14 * 3600_000);

    const runs: CallbackJob[] = [];
    kit.scheduler.startWorker(async (j) => {
      runs.push(j);
      return { kind: 'later', at: kit.clock.now() + 3600_000 };
    });
    await kit.scheduler.promoteDelayed();
    await waitFor('the job to run and be delayed again', async () =>
      runs.length === 1 && (await kit.scheduler.jobState(cb.id, 1)) === 'delayed' ? true : undefined,
    );
    expect(runs).toEqual([{ callbackId: cb.id, attempt: 1 }]);
  });

  it('a worker runs due jobs through the dialler, and finished jobs leave Redis', async () => {
    kit.scheduler.startWorker((j) => kit.dialler.run(j));
    const cb = await book('0501112233'); // live hours: due now
    await waitFor('the queue to be asked for an operator', () => kit.queue.requests.length > 0);
    expect(kit.queue.requests.map((r) => r.callbackId)).toEqual([cb.id]);
    expect((await kit.repo.get(cb.id))?.status).toBe('dialling'); // stored before the queue was asked
    await waitFor('the job to be removed', async () =>
      (await kit.scheduler.jobState(cb.id, 1)) === undefined ? true : undefined,
    );
  });
});

describe('CallbackReconciler', () => {
  it('restores every scheduled callback’s job after Redis is flushed', async () => {
    kit.clock.advance(Date.parse('2026-12-01T20:00:00+04:00') - kit.clock.now());
    const cbs = [await book('0501000001'), await book('0501000002'), await book('0121234567')];
    const cancelled = await book('0501000003');
    await kit.service.cancel(cancelled.id, 'test');
    expect((await kit.scheduler.queue.getJobs(['delayed'])).length).toBe(3);

    await kit.flushRedis();
    expect(await kit.redisKeys()).toEqual([]);
    const report = await kit.reconciler.runOnce();
    expect(report).toEqual({ scheduled: 3, interrupted: 0 });
    const ids = (await kit.scheduler.queue.getJobs(['delayed'])).map((j) => j.id).sort();
    expect(ids).toEqual(cbs.map((c) => callbackJobId(c.id, 1)).sort());
    // Running again changes nothing.
    await kit.reconciler.runOnce();
    expect((await kit.scheduler.queue.getJobs(['delayed', 'waiting'])).length).toBe(3);
  });

  it('closes an attempt a dead worker left and moves on; that attempt is never dialled again', async () => {
    const cb = await book('0507654321');
    // A worker claimed attempt 1 and died before it finished.
    const start = transition(policyState(cb), { type: 'attempt-started' }, kit.clock.now());
    if (start.kind !== 'moved') throw new Error('expected moved');
    expect((await kit.repo.startAttempt(cb.id, cb, start, 'dead-worker')).kind).toBe('started');

    const report = await kit.reconciler.runOnce();
    expect(report.interrupted).toBe(1);
    const full = await kit.repo.getWithAudit(cb.id);
    expect(full?.callback).toMatchObject({ status: 'scheduled', attempts: 1 });
    expect(full?.attempts).toMatchObject([{ attempt: 1, worker: 'dead-worker', result: 'interrupted' }]);
    expect(full?.audit.at(-1)?.reason).toBe('interrupted; retry');
    expect(full?.callback.nextAttemptAt).toBe(kit.clock.now() + 15 * 60_000);
    expect(await kit.scheduler.jobState(cb.id, 2)).toBe('delayed');

    // The job of attempt 1 (re-run by BullMQ after the crash) does nothing.
    expect(await kit.dialler.run({ callbackId: cb.id, attempt: 1 })).toMatchObject({ kind: 'done' });
    expect(kit.queue.requests).toEqual([]);
    // Attempt 2 is made when due.
    kit.clock.advance(15 * 60_000);
    expect(await kit.dialler.run({ callbackId: cb.id, attempt: 2 })).toEqual({
      kind: 'done',
      note: 'attempt started',
    });
  });

  it('leaves alone an attempt this process is making', async () => {
    const cb = await book('0509998877');
    await kit.dialler.run({ callbackId: cb.id, attempt: 1 });
    expect(await kit.reconciler.runOnce()).toEqual({ scheduled: 0, interrupted: 0 });
    expect((await kit.repo.get(cb.id))?.status).toBe('dialling');
  });

  it('after a crash a new process (new dialler) closes the old attempt', async () => {
    const cb = await book('0509998866');
    await kit.dialler.run({ callbackId: cb.id, attempt: 1 });
    kit.dialler.detachAll(); // the process is gone
    const fresh = kit.newDialler({ workerId: 'restarted' });
    const reconciler = new CallbackReconciler({ ...kit.ctx, scheduler: kit.scheduler, dialler: fresh });
    expect(await reconciler.start()).toEqual({ scheduled: 1, interrupted: 1 });
    reconciler.stop();
    expect(await fresh.run({ callbackId: cb.id, attempt: 1 })).toMatchObject({ kind: 'done' });
    expect(kit.queue.requests).toHaveLength(1);
  });

  it('runs again every interval of the engine clock', async () => {
    const cb = await book('0501231231');
    await kit.reconciler.start();
    await kit.flushRedis();
    await kit.clock.advanceAsync(5 * 60_000);
    await waitFor(
      'the job to be restored',
      async () => (await kit.scheduler.jobState(cb.id, 1)) ?? undefined,
    );
  });
});
