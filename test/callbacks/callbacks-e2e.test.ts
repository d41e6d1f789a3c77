// Issue 6 end to end on the simulator, with the real engine, Postgres and Redis: a lost call is
// called back (operator first, then the citizen through the trunk, bridged); a caller served by
// a later call (an operator answered) cancels it, one who rings again and is lost again joins the
// same callback, one who only rings again does not cancel it; three unanswered attempts fail it; a crash mid-attempt does not dial twice;
// a flushed Redis is restored from Postgres; an after-hours booking is due at the next opening.
// The engine runs on a FakeClock; BullMQ counts delays in real time, so a due job is promoted
// after the clock is moved (the dialler re-checks the time on the engine's clock).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Callbacks } from '../../src/callbacks/create-callbacks.ts';
import type { Origination } from '../../src/simulator/index.ts';
import {
  AFTER_HOURS,
  dial,
  hangUp,
  hears,
  type MenuScenario,
  nowPlaying,
  press,
  snd,
  startMenuScenario,
} from '../engine/menu-scenario.ts';
import { callAndWait, type Scenario, setOperator, startScenario } from '../engine/queue-scenario.ts';
import { createTestRedis } from '../support/services.ts';

let s: Scenario;
beforeAll(async () => {
  s = await startScenario();
});
afterAll(async () => {
  await s?.h.close();
});

const h = () => s.h;
/** The callback runtime src/main.ts wires (createCallbacks): its scheduler and reconciler. */
function callbacks(): Callbacks {
  const c = h().cagri.callbacks as Callbacks;
  if (!('scheduler' in c))
    throw new Error('src/main.ts does not wire the callback runtime (createCallbacks) yet');
  return c;
}

interface CallbackDto {
  id: string;
  number: string;
  kind: string;
  status: string;
  attempts: number;
  dueFrom: string;
  dueUntil: string;
  nextAttemptAt: string;
}

async function callbackOf(e164: string): Promise<CallbackDto | undefined> {
  const list: CallbackDto[] = (await h().api('GET', '/api/callbacks')).body.callbacks;
  return list.filter((c) => c.number === e164).at(-1);
}

async function detail(id: string) {
  return (await h().api('GET', `/api/callbacks/${id}`)).body;
}

const e164 = (national: string) => `+994${national.slice(1)}`;

/** The engine's call ids from `number` (a repeat caller has several). */
async function callIdsFrom(number: string): Promise<string[]> {
  const rows = await h()
    .cagri.db.selectFrom('calls')
    .select('id')
    .where('caller_number', '=', number)
    .execute();
  return rows.map((r) => r.id);
}

/** A repeat caller asks for an operator; resolves once this new call waits in the queue. */
async function callAgainAndWait(number: string): Promise<{ simId: string; callId: string }> {
  const before = new Set(await callIdsFrom(number));
  const simId = await h().call(number);
  const callId = await h().waitFor(`the new call from ${number} stored`, async () =>
    (await callIdsFrom(number)).find((id) => !before.has(id)),
  );
  h().sim.world.sendDtmf(simId, '0', 0);
  await s.clock.advanceAsync(100);
  await h().waitFor(`${number} waits again`, () =>
    h()
      .cagri.queue.snapshot()
      .waiting.some((w) => w.callId === callId),
  );
  return { simId, callId };
}

/** A caller waits 11 s with nobody free, hangs up: a lost call; resolves with its callback. */
async function loseCall(number: string, again = false): Promise<CallbackDto> {
  const { simId, callId } = again ? await callAgainAndWait(number) : await callAndWait(s, number);
  await s.clock.advanceAsync(11_000);
  h().sim.world.hangup(simId);
  // Polled in-process: the admin API's rate limit is not spent on waiting.
  await h().waitFor(
    `${number} left the queue`,
    () =>
      !h()
        .cagri.queue.snapshot()
        .waiting.some((w) => w.callId === callId),
  );
  await h().cagri.writes.idle();
  return h().waitFor(`a callback for ${number}`, async () => {
    const cb = await callbackOf(e164(number));
    return cb?.status === 'scheduled' ? cb : undefined;
  });
}

/** Moves the engine's clock to the callback's next attempt and lets BullMQ run the job now. */
async function runWhenDue(cb: { id: string }): Promise<void> {
  const { nextAttemptAt } = (await detail(cb.id)).callback;
  const ms = Date.parse(nextAttemptAt) - s.clock.now();
  if (ms > 0) await s.clock.advanceAsync(ms);
  await callbacks().scheduler.promoteDelayed();
}

const legs = (endpoint: string, dial?: string): Origination[] =>
  h()
    .sim.world.listOriginations()
    .filter((o) => o.endpoint === endpoint && (!dial || o.dialString === dial));
const trunkLegs = (number: string) => legs('PJSIP/trunk', `PJSIP/${number}@trunk`);

async function nthLegRinging(what: () => Origination[], n: number, label: string): Promise<Origination> {
  return h().waitFor(`${label} #${n} ringing`, () => {
    const o = what()[n - 1];
    return o?.result === 'ringing' ? o : undefined;
  });
}

async function cancel(id: string): Promise<void> {
  const r = await h().api('POST', `/api/callbacks/${id}/cancel`, { reason: 'test clean-up' });
  if (r.status !== 200) throw new Error(`cancel ${id}: ${r.status} ${JSON.stringify(r.body)}`);
}

/** Best effort: an operator still on a call cannot log out, and the next test does not need that. */
async function logOut(id: string) {
  await setOperator(h(), id, 'offline').catch(() => undefined);
}

async function statusIs(id: string, status: string) {
  return h().waitFor(`callback ${id} ${status}`, async () => (await detail(id)).callback.status === status);
}

describe('callbacks on the simulator', () => {
  it('lost call → callback → operator answers → citizen answers → bridged, reached', async () => {
    const cb = await loseCall('0504440011');
    expect(cb).toMatchObject({ kind: 'lost-call', attempts: 0 });
    expect(Date.parse(cb.dueFrom) - s.clock.now()).toBeLessThanOrEqual(120_000); // after the grace period
    await setOperator(h(), 'op1', 'available');
    try {
      await runWhenDue(cb);
      const op = await nthLegRinging(() => legs('PJSIP/op1'), 1, 'op1');
      expect(trunkLegs('0504440011')).toEqual([]); // the citizen is not rung before an operator answers
      expect((await detail(cb.id)).callback.status).toBe('dialling');
      await s.clock.advanceAsync(1000); // op1 answers after 1 s
      const citizen = await nthLegRinging(() => trunkLegs('0504440011'), 1, 'citizen');
      // The hotline's short number as caller id (set as CALLERID(all) on /channels/create).
      const channel = h().sim.world.records.get(citizen.channelId);
      expect([channel?.caller.number, channel?.variables.get('CALLERID(all)')]).toContain('1655');
      await s.clock.advanceAsync(1000); // the citizen answers
      await statusIs(cb.id, 'reached');
      await h().waitFor('operator and citizen in one bridge', () =>
        [...h().sim.world.bridges.values()].some(
          (b) => b.channels.includes(op.channelId) && b.channels.includes(citizen.channelId),
        ),
      );
      const d = await detail(cb.id);
      expect(d.audit.map((e: { to: string }) => e.to)).toEqual(['scheduled', 'dialling', 'reached']);
      expect(d.attempts).toMatchObject([{ attempt: 1, result: 'reached' }]);
      expect(d.callback.operatorId).toBe('op1');
      // The citizen hangs up: the operator's leg goes too.
      h().sim.world.hangup(citizen.channelId);
      await h().waitFor('operator leg hung up', () => legs('PJSIP/op1')[0]?.endedAt !== null);
    } finally {
      await logOut('op1');
    }
  });

  it('a repeat call abandoned in the greeting does not cancel the lost-call callback: not served since', async () => {
    const cb = await loseCall('0504440021');
    const before = new Set(await callIdsFrom('0504440021'));
    const again = await h().call('0504440021');
    await s.clock.advanceAsync(2000);
    h().sim.world.hangup(again);
    await h().waitFor('the repeat call ended', async () => {
      const row = await h()
        .cagri.db.selectFrom('calls')
        .select(['id', 'ended_at'])
        .where('caller_number', '=', '0504440021')
        .where('ended_at', 'is not', null)
        .execute();
      return row.some((r) => !before.has(r.id));
    });
    await h().cagri.writes.idle();
    const d = await detail(cb.id);
    expect(d.callback.status).toBe('scheduled');
    expect(d.audit.map((e: { to: string }) => e.to)).toEqual(['scheduled']);
    await cancel(cb.id); // out of the way of the tests after this one
  });

  it('a repeat call that reaches an operator cancels the lost-call callback, saying why', async () => {
    const cb = await loseCall('0504440022');
    await setOperator(h(), 'op1', 'available'); // answers after 1 s
    try {
      const rung = legs('PJSIP/op1').length;
      const again = await callAgainAndWait('0504440022');
      await nthLegRinging(() => legs('PJSIP/op1'), rung + 1, 'op1');
      await s.clock.advanceAsync(1000);
      await statusIs(cb.id, 'cancelled');
      expect((await detail(cb.id)).audit.at(-1)).toMatchObject({
        from: 'scheduled',
        to: 'cancelled',
        reason: `caller served since: reached an operator (call ${again.callId})`,
      });
      h().sim.world.hangup(again.simId);
      await runWhenDue(cb);
      expect(trunkLegs('0504440022')).toEqual([]);
    } finally {
      await logOut('op1');
    }
  });

  it('a repeat call lost again joins the same callback (never two), and the audit trail says so', async () => {
    const cb = await loseCall('0504440025');
    const second = await loseCall('0504440025', true);
    expect(second.id).toBe(cb.id);
    const all: CallbackDto[] = (await h().api('GET', '/api/callbacks')).body.callbacks;
    expect(all.filter((c) => c.number === e164('0504440025'))).toHaveLength(1);
    const d = await h().waitFor('the lost-again audit entry', async () => {
      const x = await detail(cb.id);
      return x.audit.length === 2 ? x : undefined;
    });
    expect(d.audit[1]).toMatchObject({ from: 'scheduled', to: 'scheduled' });
    expect(d.audit[1].reason).toMatch(/^lost again \(call [^,]+, waited 11 s\): this callback covers it$/);
    await cancel(cb.id);
  });

  it('the caller reaches an operator while being called back → the attempt is hung up, never two calls', async () => {
    h().sim.world.scriptEndpoint('PJSIP', '0504440033@trunk', { answer: 'never' });
    const cb = await loseCall('0504440033');
    await setOperator(h(), 'op2', 'available');
    try {
      await runWhenDue(cb);
      await nthLegRinging(() => legs('PJSIP/op2'), 1, 'op2');
      await s.clock.advanceAsync(1000);
      await nthLegRinging(() => trunkLegs('0504440033'), 1, 'citizen');
      await setOperator(h(), 'op1', 'available'); // answers the repeat call after 1 s
      const rung = legs('PJSIP/op1').length;
      const again = await callAgainAndWait('0504440033');
      await nthLegRinging(() => legs('PJSIP/op1'), rung + 1, 'op1');
      await s.clock.advanceAsync(1000);
      await statusIs(cb.id, 'cancelled');
      h().sim.world.hangup(again.simId);
      await h().waitFor('the callback legs hung up', () =>
        [...legs('PJSIP/op2'), ...trunkLegs('0504440033')].every((o) => o.endedAt !== null),
      );
      expect((await detail(cb.id)).attempts).toMatchObject([{ attempt: 1, result: 'cancelled' }]);
    } finally {
      await logOut('op1');
      await logOut('op2');
    }
  });

  it('no answer three times → failed, each attempt after the retry delay', async () => {
    h().sim.world.scriptEndpoint('PJSIP', '0504440044@trunk', { answer: 'never' });
    const cb = await loseCall('0504440044');
    await setOperator(h(), 'op3', 'available');
    try {
      for (let attempt = 1; attempt <= 3; attempt++) {
        await runWhenDue(cb);
        await nthLegRinging(() => legs('PJSIP/op3'), attempt, 'op3');
        await s.clock.advanceAsync(1000);
        await nthLegRinging(() => trunkLegs('0504440044'), attempt, 'citizen');
        await s.clock.advanceAsync(30_000); // the citizen's phone rings out
        await h().waitFor(`attempt ${attempt} over`, async () => {
          const c = (await detail(cb.id)).callback;
          return c.status !== 'dialling' && c.attempts === attempt;
        });
        await s.clock.advanceAsync(10_000); // the operator's wrap-up
      }
      const d = await detail(cb.id);
      expect(d.callback).toMatchObject({ status: 'failed', attempts: 3 });
      expect(d.attempts.map((a: { result: string }) => a.result)).toEqual([
        'citizen no-answer',
        'citizen no-answer',
        'citizen no-answer',
      ]);
      expect(trunkLegs('0504440044')).toHaveLength(3);
      const started = d.audit
        .filter((e: { to: string }) => e.to === 'dialling')
        .map((e: { at: string }) => Date.parse(e.at));
      expect(started[1]! - started[0]!).toBeGreaterThanOrEqual(15 * 60_000);
    } finally {
      await logOut('op3');
    }
  });

  it('the engine dies mid-attempt and restarts → the attempt is dialled once, not twice', async () => {
    h().sim.world.scriptEndpoint('PJSIP', '0504440055@trunk', { answer: 'never' });
    const cb = await loseCall('0504440055');
    await setOperator(h(), 'op1', 'available');
    try {
      const op1Before = legs('PJSIP/op1').length;
      await runWhenDue(cb);
      await nthLegRinging(() => legs('PJSIP/op1'), op1Before + 1, 'op1');
      await s.clock.advanceAsync(1000);
      await nthLegRinging(() => trunkLegs('0504440055'), 1, 'citizen');

      await h().restartEngine();
      // The new process closed the attempt as interrupted and scheduled the next one.
      await h().waitFor('attempt 1 closed as interrupted', async () => {
        const d = await detail(cb.id);
        return d.attempts[0]?.result === 'interrupted' && d.callback.status === 'scheduled';
      });
      // BullMQ re-running the old job, or the reconciler running again, dials nothing now.
      await callbacks().scheduler.promoteDelayed();
      await callbacks().reconciler.runOnce();
      await callbacks().scheduler.promoteDelayed();
      await h().waitFor('no job running', async () =>
        (await callbacks().scheduler.queue.getJobCounts('active', 'waiting')).waiting === 0
          ? true
          : undefined,
      );
      expect(trunkLegs('0504440055')).toHaveLength(1);
      const d = await detail(cb.id);
      expect(d.callback).toMatchObject({ status: 'scheduled', attempts: 1 });
      expect(d.audit.at(-1).reason).toBe('interrupted; retry');
    } finally {
      await logOut('op1');
    }
  });

  it('flush Redis → the reconciler restores every scheduled callback', async () => {
    const a = await loseCall('0504440066');
    const b = await loseCall('0504440077');
    const scheduled: CallbackDto[] = (await h().api('GET', '/api/callbacks?status=scheduled')).body.callbacks;
    expect(scheduled.map((c) => c.id)).toEqual(expect.arrayContaining([a.id, b.id]));

    const prefix = callbacks().scheduler.queue.opts.prefix;
    const redis = createTestRedis();
    try {
      const keys = await redis.keys(`${prefix}:*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
      for (const c of scheduled)
        expect(await callbacks().scheduler.jobState(c.id, c.attempts + 1)).toBeUndefined();
      const report = await callbacks().reconciler.runOnce();
      expect(report.scheduled).toBe(scheduled.length);
      for (const c of scheduled) {
        expect(await callbacks().scheduler.jobState(c.id, c.attempts + 1)).toMatch(/^(delayed|waiting)$/);
      }
    } finally {
      redis.disconnect();
    }
  });
});

describe('after hours (what `demo --at` shows)', () => {
  let m: MenuScenario;
  beforeAll(async () => {
    m = await startMenuScenario(AFTER_HOURS); // Tuesday 20:00 in Baku
  });
  afterAll(async () => {
    await m?.h.close();
  });

  it('a call to 1655 books a callback, listed by the API as due at the next opening', async () => {
    const id = await dial(m, '0501239876');
    await press(m, id, '1'); // after-hours menu: book a callback
    await nowPlaying(m, id, snd('az/callback-offer'));
    await press(m, id, '1'); // on the number I am calling from
    await hears(m, id, snd('az/callback-read-back'));
    await press(m, id, '1'); // that is right (while the number is read back)
    await hears(m, id, snd('az/callback-booked'));
    const list: CallbackDto[] = (
      await m.h.api('GET', '/api/callbacks?status=scheduled&kind=booked&date=2026-12-02')
    ).body.callbacks;
    expect(list).toEqual([
      expect.objectContaining({
        number: '+994501239876',
        kind: 'booked',
        status: 'scheduled',
        dueFrom: '2026-12-02T05:00:00.000Z', // Wednesday 09:00 in Baku
        dueUntil: '2026-12-02T14:00:00.000Z',
      }),
    ]);
    await hangUp(m, id);
  });
});
