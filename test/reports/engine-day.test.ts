// The reports read what the real engine writes: a small morning on the simulator (FakeClock, no
// sleeps) — one caller served by the menu alone, one answered by an operator, one who hangs up
// after exactly 10.000 s in the queue (a short abandon) and one after 10.001 s (a lost call).
import { describe, expect, it } from 'vitest';
import { bridgedWith, callAndWait, isWaiting, ringingLeg, startScenario } from '../engine/queue-scenario.ts';
import { setOperator, useScenario } from '../engine/scenario.ts';
import { createUser, signIn, TEST_PASSWORD } from '../support/accounts.ts';

describe('reports over a morning the engine really handled', () => {
  const s = useScenario(() => startScenario()); // Tuesday 1 December 2026, 10:00 Baku

  it('counts each call where the engine put it, the 10.0 s boundary included', async () => {
    const { h, clock } = s;
    // Menu only: the caller hears the greeting and hangs up.
    const ivr = await h.call('0508880001');
    await clock.advanceAsync(3_000);
    h.sim.world.hangup(ivr);
    await h.waitFor('menu-only call ended', () => h.view(ivr).state === 'ended');

    // Answered: op1 answers after a second and hangs up after a minute's talk.
    h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'after', afterMs: 1000, hangupAfterMs: 60_000 });
    await setOperator(h, 'op1', 'available');
    const answered = await callAndWait(s, '0508880002');
    await ringingLeg(h, 'PJSIP/op1');
    await clock.advanceAsync(1_000);
    await h.waitFor('operator connected', () => bridgedWith(h, answered.simId).includes('PJSIP/op1'));
    await clock.advanceAsync(60_000);
    await h.waitFor('answered call ended', () => h.view(answered.simId).state === 'ended');
    await setOperator(h, 'op1', 'offline');

    // Exactly 10.000 s, then 10.001 s, of waiting.
    for (const [number, ms] of [
      ['0508880010', 10_000],
      ['0508880011', 10_001],
    ] as const) {
      const c = await callAndWait(s, number);
      await clock.advanceAsync(ms);
      h.sim.world.hangup(c.simId);
      await h.waitFor(`${number} left the queue`, () => !isWaiting(h, c.callId));
    }
    await h.cagri.writes.idle();

    const traffic = await h.api('GET', '/api/reports/traffic?period=day&date=2026-12-01');
    expect(traffic.status).toBe(200);
    expect(traffic.body.figures).toMatchObject({
      offered: 4,
      ivrOnly: 1,
      askedForOperator: 3,
      answeredByOperator: 1,
      shortAbandons: 1,
      lostCalls: 1,
      answeredWithinServiceLevel: 1,
      stillWaiting: 0,
    });
    // From joining to the operator taking the call: the ring of a second (and the dial's few ms).
    expect(traffic.body.figures.averageWaitSec).toBeGreaterThanOrEqual(1);
    expect(traffic.body.figures.averageWaitSec).toBeLessThan(2);

    const lost = await h.api('GET', '/api/reports/lost-calls?period=day&date=2026-12-01');
    expect(lost.body.figures).toMatchObject({ lostCalls: 1, averageWaitSec: 10 });
    expect(lost.body.figures.byDay).toEqual([
      { day: '2026-12-01', lostCalls: 1, calledBackSameDay: lost.body.figures.calledBackSameDay },
    ]);

    // The queue wait histogram: 10.000 s falls in the le="10" bucket, 10.001 s does not.
    const metrics = (await h.cagri.http.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('cagri_queue_wait_seconds_bucket{le="10",outcome="abandoned"} 1');
    expect(metrics).toContain('cagri_queue_wait_seconds_bucket{le="10",outcome="lost"} 0');
    expect(metrics).toContain('cagri_queue_wait_seconds_bucket{le="15",outcome="lost"} 1');
    expect(metrics).toContain('cagri_queue_wait_seconds_count{outcome="connected"} 1');

    const ops = await h.api('GET', '/api/reports/operators?period=day&date=2026-12-01');
    const op1 = ops.body.figures.operators.find((o: { operatorId: string }) => o.operatorId === 'op1');
    expect(op1).toMatchObject({ calls: 1 });
    expect(op1.talkSec).toBeGreaterThanOrEqual(60);
    expect(op1.talkSec).toBeLessThan(61);
    expect(op1.weeks[0].weekStart).toBe('2026-11-30');
    expect(op1.weeks[0].liveHours).toBeGreaterThan(0);
  });

  it('reports are for supervisors and admins: an operator is refused', async () => {
    const { h } = s;
    await createUser(h.cagri.db, { username: 'sup', roles: ['supervisor'] });
    await createUser(h.cagri.db, { username: 'opx', roles: ['operator'], operatorId: 'op2' });
    const sup = await signIn(h.cagri.http, 'sup', TEST_PASSWORD);
    const op = await signIn(h.cagri.http, 'opx', TEST_PASSWORD);
    for (const name of [
      'traffic',
      'lost-calls',
      'callbacks',
      'escalations',
      'operators',
      'appeals',
      'survey',
    ]) {
      expect((await sup.inject('GET', `/api/reports/${name}?date=2026-12-01`)).status, name).toBe(200);
      expect((await op.inject('GET', `/api/reports/${name}?date=2026-12-01`)).status, name).toBe(403);
    }
  });
});
