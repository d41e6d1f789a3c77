import { describe, expect, it } from 'vitest';
import { CallbackId, CallId, OperatorId } from '../../src/domain/ids.ts';
import { isLive, newOperator, type OperatorInput, transition } from '../../src/queue/operator-state.ts';

const run = (inputs: OperatorInput[]) => {
  let op = newOperator(OperatorId('op1'), 0);
  const seen: string[] = [];
  inputs.forEach((input, i) => {
    const r = transition(op, input, (i + 1) * 1000);
    if (!r.ok) throw new Error(r.reason);
    op = r.operator;
    seen.push(op.status.kind === 'paused' ? `paused(${op.status.reason})` : op.status.kind);
  });
  return { op, seen };
};

describe('operator live state', () => {
  it('login → rung → answered → wrap-up → available → pause → unpause → logout', () => {
    const { seen } = run([
      { kind: 'login' },
      { kind: 'rung', callId: CallId('c1') },
      { kind: 'answered' },
      { kind: 'work-ended', wrapUpMs: 10_000, mono: 0 },
      { kind: 'wrap-up-over' },
      { kind: 'pause', reason: 'lunch' },
      { kind: 'unpause' },
      { kind: 'logout' },
    ]);
    expect(seen).toEqual([
      'available',
      'ringing',
      'on-call',
      'wrap-up',
      'available',
      'paused(lunch)',
      'available',
      'offline',
    ]);
  });

  it('no answer pauses with the reason given; a busy ring keeps the idle position', () => {
    expect(
      run([
        { kind: 'login' },
        { kind: 'rung', callId: CallId('c1') },
        { kind: 'ring-failed', pauseReason: 'no-answer' },
      ]).seen.at(-1),
    ).toBe('paused(no-answer)');
    const { op } = run([{ kind: 'login' }, { kind: 'rung', callId: CallId('c1') }, { kind: 'ring-failed' }]);
    expect(op.status.kind).toBe('available');
    expect(op.idleSince).toBe(1000); // since login, not since the failed ring
  });

  it('callbacks occupy the operator like a call', () => {
    const { seen } = run([
      { kind: 'login' },
      { kind: 'granted-callback', callbackId: CallbackId('cb1') },
      { kind: 'work-ended', wrapUpMs: 0, mono: 0 },
    ]);
    expect(seen).toEqual(['available', 'on-call', 'available']);
  });

  it('refuses impossible changes with a reason', () => {
    const op = newOperator(OperatorId('op1'), 0);
    expect(transition(op, { kind: 'pause', reason: 'x' }, 1)).toEqual({
      ok: false,
      reason: 'operator op1: is logged out; log in first',
    });
    expect(transition(op, { kind: 'rung', callId: CallId('c') }, 1).ok).toBe(false);
    const onCall = run([{ kind: 'login' }, { kind: 'rung', callId: CallId('c1') }, { kind: 'answered' }]).op;
    expect(transition(onCall, { kind: 'logout' }, 1)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/on a call/),
    });
  });

  it('live = logged in and not paused, talk and wrap-up included', () => {
    expect(
      ['offline', 'available', 'ringing', 'on-call', 'wrap-up', 'paused'].filter((k) => isLive(k as never)),
    ).toEqual(['available', 'ringing', 'on-call', 'wrap-up']);
  });
});
