import { describe, expect, it } from 'vitest';
import { call, op, QueueHarness, queuesFile } from './queue-harness.ts';

describe('queue routing', () => {
  it('rings the longest-idle operator who speaks the caller language, then bridges on answer', () => {
    const h = new QueueHarness();
    h.login('op2', 'op1', 'op3'); // op2 idle longest
    h.join('c1', { language: 'ru' }); // op2 has no Russian: op1 is next longest idle
    expect(h.of('ring-operator')).toEqual([
      { type: 'ring-operator', callId: 'c1', operatorId: 'op1', endpoint: 'PJSIP/op1', timeoutSec: 15 },
    ]);
    expect(h.opState('op1')).toBe('ringing');
    h.join('c2', { language: 'az' });
    expect(h.of('ring-operator').map((c) => c.operatorId)).toEqual(['op2']);
    h.advance(2000);
    h.send({ type: 'leg-answered', callId: call('c1'), operatorId: op('op1') });
    expect(h.of('bridge')).toEqual([{ type: 'bridge', callId: 'c1', operatorId: 'op1' }]);
    expect(h.of('remove-entry')[0]).toMatchObject({ callId: 'c1', outcome: 'connected', operatorId: 'op1' });
    expect(h.pendingTimers()).not.toContain('ring:c1');
    expect(h.opState('op1')).toBe('on-call');
  });

  it('after the call: wrap-up for wrapUpSec, then available and rung for the next caller', () => {
    const h = new QueueHarness(
      queuesFile({}, [
        { id: 'op1', name: 'A', endpoint: 'PJSIP/op1', languages: ['az'], queues: ['general'] },
      ]),
    );
    h.login('op1');
    h.join('c1');
    h.send({ type: 'leg-answered', callId: call('c1'), operatorId: op('op1') });
    h.join('c2');
    expect(h.of('ring-operator')).toEqual([]);
    h.send({ type: 'call-ended', callId: call('c1'), operatorId: op('op1') });
    expect(h.opState('op1')).toBe('wrap-up');
    expect(h.of('ring-operator')).toEqual([]);
    h.advance(9_999);
    expect(h.opState('op1')).toBe('wrap-up');
    h.advance(1);
    expect(h.of('ring-operator').map((c) => c.callId)).toEqual(['c2']);
  });

  it('ring timeout: the next operator is rung and the silent one is paused (no-answer)', () => {
    const h = new QueueHarness();
    h.login('op1', 'op2', 'op3');
    h.join('c1');
    expect(h.of('ring-operator')[0]!.operatorId).toBe('op1');
    h.advance(14_999);
    expect(h.of('ring-operator')).toEqual([]);
    h.advance(1);
    expect(h.of('cancel-ring')).toEqual([{ type: 'cancel-ring', callId: 'c1', operatorId: 'op1' }]);
    expect(h.of('ring-operator')[0]!.operatorId).toBe('op2');
    expect(h.opState('op1')).toBe('paused(no-answer)');
    expect(h.of('operator-state-changed').find((c) => c.operatorId === 'op1')).toMatchObject({
      from: 'ringing',
      to: 'paused',
      reason: 'no-answer',
      live: 'ended',
    });
  });

  it('without noAnswerPause the silent operator stays available but is not rung again at once', () => {
    const h = new QueueHarness(queuesFile({ noAnswerPause: false, retrySec: 5 }));
    h.login('op1');
    h.join('c1');
    h.advance(15_000);
    expect(h.opState('op1')).toBe('available');
    expect(h.of('ring-operator')).toEqual([]);
    h.advance(5_000); // retry pause over: tried operators are rung again
    expect(h.of('ring-operator').map((c) => c.operatorId)).toEqual(['op1']);
  });

  it('busy: the next operator at once, the busy one stays available', () => {
    const h = new QueueHarness();
    h.login('op1', 'op2');
    h.join('c1');
    h.send({ type: 'leg-failed', callId: call('c1'), operatorId: op('op1'), status: 'busy' });
    expect(h.of('ring-operator').map((c) => c.operatorId)).toEqual(['op2']);
    expect(h.of('cancel-timer').map((c) => c.timerId)).toContain('ring:c1');
    expect(h.opState('op1')).toBe('available');
    // A later caller may ring op1 (op1 was only busy for c1).
    h.join('c2');
    expect(h.of('ring-operator').map((c) => c.operatorId)).toEqual(['op1']);
  });

  it('a late ring timeout after busy changes nothing (stale timer)', () => {
    const h = new QueueHarness();
    h.login('op1', 'op2');
    h.join('c1');
    h.send({ type: 'leg-failed', callId: call('c1'), operatorId: op('op1'), status: 'busy' });
    const before = h.state;
    h.send({ type: 'timer', timerId: 'ring:c1-nonexistent' });
    expect(h.last).toEqual([]);
    expect(h.state.waiting).toEqual(before.waiting);
  });

  it('operator hangs up the bridged call: wrap-up, and the caller is no longer in the queue', () => {
    const h = new QueueHarness();
    h.login('op1');
    h.join('c1');
    h.send({ type: 'leg-answered', callId: call('c1'), operatorId: op('op1') });
    h.send({ type: 'operator-hung-up', callId: call('c1'), operatorId: op('op1') });
    expect(h.opState('op1')).toBe('wrap-up');
    expect(h.state.connected.size).toBe(0);
    expect(h.of('record-lost-call')).toEqual([]);
    // The caller's own hangup arriving afterwards is not a lost call either.
    const r = h.send({ type: 'caller-hung-up', callId: call('c1') });
    expect(r.error?.kind).toBe('unknown-call');
    expect(h.log.filter((c) => c.type === 'record-lost-call')).toEqual([]);
  });

  it('caller hangs up while an operator is ringing: the operator leg is dropped', () => {
    const h = new QueueHarness();
    h.login('op1');
    h.join('c1');
    h.advance(3000);
    h.send({ type: 'caller-hung-up', callId: call('c1') });
    expect(h.of('cancel-ring')).toEqual([{ type: 'cancel-ring', callId: 'c1', operatorId: 'op1' }]);
    expect(h.of('record-short-abandon')).toHaveLength(1);
    expect(h.opState('op1')).toBe('available');
    // No timer of the caller is left; the live operator keeps the one for their weekly cap.
    expect(h.pendingTimers()).toEqual(['weekly-cap:op1']);
    // The leg answering a moment later is dropped again, not bridged.
    h.send({ type: 'leg-answered', callId: call('c1'), operatorId: op('op1') });
    expect(h.last).toEqual([{ type: 'cancel-ring', callId: 'c1', operatorId: 'op1' }]);
  });

  it('announces the position on entry and every announceEverySec, with an estimate once there is history', () => {
    const h = new QueueHarness(
      queuesFile({}, [
        { id: 'op1', name: 'A', endpoint: 'PJSIP/op1', languages: ['az'], queues: ['general'] },
      ]),
    );
    h.join('c1');
    expect(h.of('announce-position')).toEqual([{ type: 'announce-position', callId: 'c1', position: 1 }]);
    h.advance(5_000);
    h.join('c2');
    expect(h.of('announce-position')).toEqual([{ type: 'announce-position', callId: 'c2', position: 2 }]);
    h.advance(24_999);
    expect(h.of('announce-position')).toEqual([]);
    h.advance(1); // 30 s after c1 joined
    expect(h.of('announce-position').map((c) => c.callId)).toEqual(['c1']);
    h.advance(5_000); // 30 s after c2 joined
    expect(h.of('announce-position').map((c) => c.callId)).toEqual(['c2']);
    // op1 logs in and answers c1 40 s after it joined: a history of 40 s per place.
    h.login('op1'); // +1 s
    h.advance(4_000);
    h.send({ type: 'leg-answered', callId: call('c1'), operatorId: op('op1') });
    h.advance(25_000); // c2's next announcement, 60 s after it joined
    expect(h.of('announce-position')).toEqual([
      { type: 'announce-position', callId: 'c2', position: 1, estimatedWaitSec: 40 },
    ]);
  });

  it('an urgent caller goes ahead of everyone and is escalated at once; the duty endpoint after dutyAfterSec', () => {
    const h = new QueueHarness();
    h.join('c1');
    h.join('c2');
    const r = h.join('u1', { urgent: true, number: '+994559998877' });
    expect(r.commands.map((c) => c.type).slice(0, 3)).toEqual([
      'persist-entry',
      'escalate',
      'announce-position',
    ]);
    expect(h.of('escalate')[0]).toMatchObject({ callId: 'u1', callerNumber: '+994559998877', at: h.now });
    expect(h.of('announce-position')[0]).toMatchObject({ position: 1 });
    h.login('op1');
    expect(h.ringing()).toEqual([['u1', 'op1']]);
    h.advance(18_000); // 19 s since joining (login took 1 s)
    expect(h.of('ring-duty')).toEqual([]);
    h.advance(1000);
    expect(h.of('ring-duty')).toEqual([
      {
        type: 'ring-duty',
        callId: 'u1',
        endpoint: 'PJSIP/duty',
        attempt: 1,
        round: 1,
        rung: 0,
        timeoutSec: 65,
      },
    ]);
    // An operator answers first: the duty leg is dropped.
    h.send({ type: 'leg-answered', callId: call('u1'), operatorId: op('op2') });
    expect(h.of('bridge')).toEqual([]); // op2 was not the one ringing
    h.login('op2');
    h.send({
      type: 'leg-answered',
      callId: call('u1'),
      operatorId: h.ringing().find(([c]) => c === 'u1')![1] as never,
    });
    expect(h.of('cancel-duty')).toEqual([{ type: 'cancel-duty', callId: 'u1' }]);
  });

  it('the duty endpoint answering serves the urgent caller', () => {
    const h = new QueueHarness();
    h.join('u1', { urgent: true });
    h.advance(20_000);
    h.send({ type: 'duty-answered', callId: call('u1'), attempt: 1 });
    expect(h.of('bridge-duty')).toEqual([
      { type: 'bridge-duty', callId: 'u1', attempt: 1, endpoint: 'PJSIP/duty' },
    ]);
    expect(h.of('remove-entry')[0]).toMatchObject({ callId: 'u1', outcome: 'connected' });
    expect(h.state.waiting.size).toBe(0);
  });

  it('an operator at the weekly cap is skipped', () => {
    const start = Date.parse('2026-12-05T20:00:00+04:00'); // Saturday evening, Baku
    const weekStart = Date.parse('2026-11-30T00:00:00+04:00');
    const h = new QueueHarness(queuesFile(), start, {
      liveIntervals: new Map([
        [op('op1'), [{ start: weekStart + 3_600_000, end: weekStart + 3_600_000 + 36 * 3_600_000 }]],
        [op('op2'), [{ start: weekStart + 3_600_000, end: weekStart + 3_600_000 + 35 * 3_600_000 }]],
      ]),
    });
    h.login('op1', 'op2');
    h.join('c1');
    expect(h.of('ring-operator').map((c) => c.operatorId)).toEqual(['op2']);
  });

  it('never rings an operator for two callers at once', () => {
    const h = new QueueHarness();
    h.login('op1');
    h.join('c1');
    h.join('c2');
    expect(h.ringing()).toEqual([['c1', 'op1']]);
    h.send({ type: 'leg-failed', callId: call('c1'), operatorId: op('op1'), status: 'busy' });
    // op1 is free again; c1 already tried it, so c2 gets it.
    expect(h.ringing()).toEqual([['c2', 'op1']]);
  });

  it('operator logging out while rung: the leg is dropped and the caller goes on', () => {
    const h = new QueueHarness();
    h.login('op1', 'op2');
    h.join('c1');
    h.send({ type: 'operator-command', operatorId: op('op1'), command: { kind: 'logout' } });
    expect(h.of('cancel-ring')).toEqual([{ type: 'cancel-ring', callId: 'c1', operatorId: 'op1' }]);
    expect(h.ringing()).toEqual([['c1', 'op2']]);
    expect(h.opState('op1')).toBe('offline');
  });

  it('refuses with a reason what makes no sense, changing nothing', () => {
    const h = new QueueHarness();
    const r = h.send({ type: 'operator-command', operatorId: op('op1'), command: { kind: 'unpause' } });
    expect(r.error).toEqual({ kind: 'refused', reason: 'operator op1: is not paused (offline)' });
    expect(r.commands).toEqual([]);
    const r2 = h.send({ type: 'operator-command', operatorId: op('nobody'), command: { kind: 'login' } });
    expect(r2.error?.kind).toBe('unknown-operator');
    h.login('op1');
    h.join('c1');
    h.send({ type: 'leg-answered', callId: call('c1'), operatorId: op('op1') });
    const r3 = h.send({
      type: 'operator-command',
      operatorId: op('op1'),
      command: { kind: 'pause', reason: 'lunch' },
    });
    expect(r3.error?.reason).toMatch(/on a call/);
    expect(h.join('c1').error?.kind).toBe('duplicate');
  });
});
