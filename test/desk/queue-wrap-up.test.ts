// The queue side of the desk's wrap-up: the form ends the wrap-up early (the operator is rung for
// the next caller at once), the wrap-up time is the maximum, and the form is refused outside wrap-up.
import { describe, expect, it } from 'vitest';
import { call, op, QueueHarness, queuesFile } from '../queue/queue-harness.ts';

const oneOperator = () =>
  new QueueHarness(
    queuesFile({}, [{ id: 'op1', name: 'A', endpoint: 'PJSIP/op1', languages: ['az'], queues: ['general'] }]),
  );

describe('wrap-up ended by the form', () => {
  it('frees the operator before wrapUpSec and rings them for the waiting caller', () => {
    const h = oneOperator();
    h.login('op1');
    h.join('c1');
    h.send({ type: 'leg-answered', callId: call('c1'), operatorId: op('op1') });
    h.join('c2');
    h.send({ type: 'call-ended', callId: call('c1'), operatorId: op('op1') });
    expect(h.opState('op1')).toBe('wrap-up');
    h.advance(3_000);
    expect(h.of('ring-operator')).toEqual([]);
    const r = h.send({ type: 'operator-command', operatorId: op('op1'), command: { kind: 'end-wrap-up' } });
    expect(r.error).toBeUndefined();
    expect(r.commands).toContainEqual(
      expect.objectContaining({ type: 'cancel-timer', timerId: 'wrap-up:op1' }),
    );
    expect(r.commands).toContainEqual(
      expect.objectContaining({
        type: 'operator-state-changed',
        from: 'wrap-up',
        to: 'available',
        reason: 'wrap-up done',
      }),
    );
    expect(r.commands.filter((c) => c.type === 'ring-operator').map((c) => c.callId)).toEqual(['c2']);
  });

  it('is refused when the operator is not wrapping up', () => {
    const h = oneOperator();
    h.login('op1');
    const r = h.send({ type: 'operator-command', operatorId: op('op1'), command: { kind: 'end-wrap-up' } });
    expect(r.error?.reason).toMatch(/not in wrap-up/);
  });
});
