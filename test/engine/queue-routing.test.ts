// Routing through the whole stack on the simulator: who is rung first, what happens when an
// operator does not answer, is busy, hangs up, or when the caller gives up while a phone rings.
import { describe, expect, it } from 'vitest';
import {
  bridgedWith,
  callAndWait,
  legsTo,
  operator,
  opState,
  ringingLeg,
  setOperator,
  startScenario,
  waiting,
} from './queue-scenario.ts';
import { scenarioPerTest } from './scenario.ts';

describe('queue routing on the simulator', () => {
  const start = scenarioPerTest(startScenario);

  it('rings the longest-idle available operator who speaks the caller language', async () => {
    const s = await start();
    const { h, clock } = s;
    for (const op of ['op1', 'op2', 'op3']) h.sim.world.scriptEndpoint('PJSIP', op, { answer: 'never' });
    // Logged in one after another: op3 has been idle longest, then op1, then op2.
    await setOperator(h, 'op3', 'available');
    await clock.advanceAsync(1000);
    await setOperator(h, 'op1', 'available');
    await clock.advanceAsync(1000);
    await setOperator(h, 'op2', 'available');
    await clock.advanceAsync(1000);

    const first = await callAndWait(s, '0501110001');
    await ringingLeg(h, 'PJSIP/op3');
    expect((await waiting(h)).find((w) => w.callId === first.callId)?.ringing).toBe('op3');

    // An English caller (8 → language, 3 → English, then 0): op1 speaks az/ru only, so op2.
    const english = await callAndWait(s, '0501110002', '830');
    await ringingLeg(h, 'PJSIP/op2');
    expect((await waiting(h)).find((w) => w.callId === english.callId)?.ringing).toBe('op2');
    expect(legsTo(h, 'PJSIP/op1')).toHaveLength(0);

    // A third caller in Azerbaijani gets the one left, op1.
    const third = await callAndWait(s, '0501110003');
    await ringingLeg(h, 'PJSIP/op1');
    expect((await waiting(h)).find((w) => w.callId === third.callId)?.ringing).toBe('op1');
  });

  it('a caller who presses 0 is bridged with the operator who answers after 1 s', async () => {
    const s = await start();
    const { h, clock } = s;
    h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'after', afterMs: 1000 });
    await setOperator(h, 'op1', 'available');
    const { simId, callId } = await callAndWait(s, '0501110011');
    const leg = await ringingLeg(h, 'PJSIP/op1');
    await clock.advanceAsync(999);
    expect(bridgedWith(h, simId)).toEqual([]);
    await clock.advanceAsync(1);
    await h.waitFor('bridged with op1', () => bridgedWith(h, simId).includes('PJSIP/op1'));
    expect(h.view(simId).bridgedWith[0]?.channelId).toBe(leg.channelId);
    expect(await operator(h, 'op1')).toMatchObject({ state: 'on-call', callId });
    expect(await waiting(h)).toEqual([]);
  });

  it('ring timeout: the next operator is rung and the one who did not answer is paused', async () => {
    const s = await start();
    const { h, clock } = s;
    h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'never' });
    h.sim.world.scriptEndpoint('PJSIP', 'op2', { answer: 'after', afterMs: 1000 });
    await setOperator(h, 'op1', 'available');
    await clock.advanceAsync(1000);
    await setOperator(h, 'op2', 'available');
    const { simId } = await callAndWait(s, '0501110021');
    const op1Leg = await ringingLeg(h, 'PJSIP/op1');
    await clock.advanceAsync(14_999); // ringTimeoutSec: 15
    expect(legsTo(h, 'PJSIP/op2')).toHaveLength(0);
    await clock.advanceAsync(1);
    await ringingLeg(h, 'PJSIP/op2');
    await h.waitFor('op1 leg gone', () => legsTo(h, 'PJSIP/op1')[0]?.endedAt);
    expect(legsTo(h, 'PJSIP/op1')[0]?.channelId).toBe(op1Leg.channelId);
    expect(await operator(h, 'op1')).toMatchObject({ state: 'paused', reason: 'no-answer' });
    await clock.advanceAsync(1000);
    await h.waitFor('bridged with op2', () => bridgedWith(h, simId).includes('PJSIP/op2'));
  });

  it('busy: the next operator is rung at once and the busy one stays available', async () => {
    const s = await start();
    const { h, clock } = s;
    h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'busy', afterMs: 500 });
    h.sim.world.scriptEndpoint('PJSIP', 'op2', { answer: 'after', afterMs: 1000 });
    await setOperator(h, 'op1', 'available');
    await clock.advanceAsync(1000);
    await setOperator(h, 'op2', 'available');
    const { simId } = await callAndWait(s, '0501110031');
    await ringingLeg(h, 'PJSIP/op1');
    await clock.advanceAsync(500);
    await ringingLeg(h, 'PJSIP/op2');
    expect(legsTo(h, 'PJSIP/op1')[0]?.result).toBe('busy');
    expect((await operator(h, 'op1'))?.state).toBe('available');
    await clock.advanceAsync(1000);
    await h.waitFor('bridged with op2', () => bridgedWith(h, simId).includes('PJSIP/op2'));
  });

  it('operator hangs up: the caller is hung up, the operator wraps up, then is available', async () => {
    const s = await start();
    const { h, clock } = s;
    h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'after', afterMs: 1000, hangupAfterMs: 5000 });
    await setOperator(h, 'op1', 'available');
    const { simId, callId } = await callAndWait(s, '0501110041');
    await ringingLeg(h, 'PJSIP/op1');
    await clock.advanceAsync(1000);
    await h.waitFor('bridged with op1', () => bridgedWith(h, simId).includes('PJSIP/op1'));
    await clock.advanceAsync(5000);
    await h.waitFor('caller hung up by the engine', () => h.view(simId).state === 'ended');
    expect(h.view(simId).endedBy).toBe('app');
    await h.waitFor('op1 in wrap-up', () => opState(h, 'op1') === 'wrap-up');
    await clock.advanceAsync(9_999); // wrapUpSec: 10
    expect((await operator(h, 'op1'))?.state).toBe('wrap-up');
    await clock.advanceAsync(1);
    await h.waitFor('op1 available', () => opState(h, 'op1') === 'available');
    await h.cagri.writes.idle();
    const row = (await h.api('GET', '/api/calls?number=0501110041')).body.calls[0];
    expect(row).toMatchObject({ id: callId, end_cause: 'operator-hangup', outcome: 'operator' });
  });

  it('caller hangs up while an operator is ringing: the operator leg is dropped', async () => {
    const s = await start();
    const { h, clock } = s;
    h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'never' });
    await setOperator(h, 'op1', 'available');
    const { simId } = await callAndWait(s, '0501110051');
    const leg = await ringingLeg(h, 'PJSIP/op1');
    await clock.advanceAsync(3000);
    h.sim.world.hangup(simId);
    const ended = await h.waitFor('op1 leg dropped', () => {
      const o = legsTo(h, 'PJSIP/op1')[0];
      return o?.endedAt ? o : undefined;
    });
    expect(ended).toMatchObject({ channelId: leg.channelId, result: 'cancelled' });
    expect(h.view(leg.channelId).state).toBe('ended');
    await h.waitFor('op1 available again', () => opState(h, 'op1') === 'available');
    expect(await waiting(h)).toEqual([]);
    // 3 s of waiting is a short abandon: no lost call.
    await h.cagri.writes.idle();
    expect((await h.api('GET', '/api/lost-calls')).body.lostCalls).toEqual([]);
  });
});
