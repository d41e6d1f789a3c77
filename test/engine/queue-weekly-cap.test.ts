// The 36-hour week: an operator's live service time is summed per ISO week (Asia/Baku); at the
// cap the operator is paused with reason weekly-cap and logging in again is refused (409), routing
// skips them, and GET /api/operators shows who is near it or at it.
import { describe, expect, it } from 'vitest';
import {
  callAndWait,
  legsTo,
  operator,
  ringingLeg,
  setOperator,
  startScenario,
  waiting,
} from './queue-scenario.ts';
import { scenarioPerTest } from './scenario.ts';

describe('the weekly cap on the simulator', () => {
  const start = scenarioPerTest(startScenario);

  it('36 h logged in since Monday 00:00: op1 is paused (weekly-cap), cannot log in again, op2 is rung', async () => {
    // Monday 00:00 in Baku; 36 h later it is Tuesday 12:00, inside live hours.
    const s = await start({ at: '2026-11-30T00:00:00+04:00' });
    const { h, clock } = s;
    for (const op of ['op1', 'op2']) h.sim.world.scriptEndpoint('PJSIP', op, { answer: 'never' });
    await setOperator(h, 'op1', 'available');
    await clock.advanceAsync(32 * 3600_000);
    expect(await operator(h, 'op1')).toMatchObject({ weeklyHours: 32, nearCap: true, atCap: false });
    await clock.advanceAsync(4 * 3600_000 - 1000);
    await setOperator(h, 'op2', 'available');
    await clock.advanceAsync(1000);
    expect(await operator(h, 'op1')).toMatchObject({
      weeklyHours: 36,
      nearCap: true,
      atCap: true,
      state: 'paused',
      reason: 'weekly-cap',
    });
    expect(await operator(h, 'op2')).toMatchObject({ atCap: false, nearCap: false });
    const again = await h.api('PUT', '/api/operators/op1/state', { state: 'available' });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(
      /^operator op1 has reached the weekly cap of 36 h \(36 h of live service/,
    );

    // op1 has been idle longest, but is at the cap.
    const { callId } = await callAndWait(s, '0505550001');
    await ringingLeg(h, 'PJSIP/op2');
    expect((await waiting(h)).find((w) => w.callId === callId)?.ringing).toBe('op2');
    expect(legsTo(h, 'PJSIP/op1')).toHaveLength(0);
    expect((await operator(h, 'op1'))?.state).toBe('paused');
  });

  it('service time recorded earlier in the week (operator_live_intervals) counts after a restart', async () => {
    const s = await start(); // Tuesday 10:00
    const { h } = s;
    for (const op of ['op1', 'op2']) h.sim.world.scriptEndpoint('PJSIP', op, { answer: 'never' });
    // Monday 00:00 → Tuesday 10:00 is 34 h; op1 also worked the Sunday before (another week).
    await h.cagri.db
      .insertInto('operator_live_intervals')
      .values([
        {
          operator_id: 'op1',
          started_at: new Date('2026-11-29T08:00:00+04:00'),
          ended_at: new Date('2026-11-29T20:00:00+04:00'),
        },
        {
          operator_id: 'op1',
          started_at: new Date('2026-11-30T00:00:00+04:00'),
          ended_at: new Date('2026-12-01T09:00:00+04:00'),
        },
        {
          operator_id: 'op2',
          started_at: new Date('2026-11-30T09:00:00+04:00'),
          ended_at: new Date('2026-11-30T18:00:00+04:00'),
        },
      ])
      .execute();
    await h.restartEngine();
    expect(await operator(h, 'op1')).toMatchObject({ weeklyHours: 33, nearCap: true, atCap: false });
    expect(await operator(h, 'op2')).toMatchObject({ weeklyHours: 9, nearCap: false });

    // Logged in at 10:00 with 33 h behind them: op1 reaches 36 h at 13:00.
    await setOperator(h, 'op1', 'available');
    await s.clock.advanceAsync(1000);
    await setOperator(h, 'op2', 'available');
    await s.clock.advanceAsync(3 * 3600_000);
    expect(await operator(h, 'op1')).toMatchObject({ atCap: true, state: 'paused', reason: 'weekly-cap' });
    const { callId } = await callAndWait(s, '0505550002');
    await ringingLeg(h, 'PJSIP/op2');
    expect((await waiting(h)).find((w) => w.callId === callId)?.ringing).toBe('op2');
    expect(legsTo(h, 'PJSIP/op1')).toHaveLength(0);
  });
});
