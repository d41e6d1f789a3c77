// Urgent until a person answers, on the pure queue machine with controlled time: the ladder's
// rungs are rung in turn, each for its ringSec, until one answers; an exhausted ladder starts
// again from the top; an operator answering first cancels the rung ringing.
import { describe, expect, it } from 'vitest';
import { QueuesFileSchema } from '../../src/queue/queue-config.ts';
import { call, op, QueueHarness, queuesFile } from '../queue/queue-harness.ts';

const LADDER = {
  startAfterSec: 20,
  restartAfterSec: 30,
  ladder: [
    { endpoint: 'PJSIP/duty', ringSec: 15, name: 'duty officer' },
    { endpoint: 'PJSIP/supervisor', ringSec: 10, name: 'supervisor' },
  ],
};

function harness(): QueueHarness {
  return new QueueHarness(queuesFile({ urgent: LADDER }));
}

describe('the urgent escalation ladder', () => {
  it('rung 1 times out, rung 2 rings and answers: the caller is bridged with rung 2', () => {
    const h = harness();
    h.join('u1', { urgent: true });
    expect(h.advance(19_999).filter((c) => c.type === 'ring-duty')).toEqual([]);
    const first = h.advance(1);
    expect(h.of('ring-duty', first)).toEqual([
      {
        type: 'ring-duty',
        callId: 'u1',
        attempt: 1,
        round: 1,
        rung: 0,
        endpoint: 'PJSIP/duty',
        name: 'duty officer',
        timeoutSec: 20,
      },
    ]);
    // Rung 1 rings for its 15 s, then its leg is dropped and rung 2 rings at once.
    expect(h.advance(14_999).filter((c) => c.type === 'ring-duty')).toEqual([]);
    const second = h.advance(1);
    expect(second.map((c) => c.type)).toEqual(
      expect.arrayContaining(['cancel-duty', 'rung-ended', 'ring-duty']),
    );
    expect(h.of('rung-ended', second)).toEqual([
      expect.objectContaining({ attempt: 1, rung: 0, endpoint: 'PJSIP/duty', outcome: 'no-answer' }),
    ]);
    expect(h.of('ring-duty', second)).toEqual([
      expect.objectContaining({ attempt: 2, round: 1, rung: 1, endpoint: 'PJSIP/supervisor' }),
    ]);
    h.advance(3000);
    h.send({ type: 'duty-answered', callId: call('u1'), attempt: 2 });
    expect(h.of('rung-ended')).toEqual([
      expect.objectContaining({ attempt: 2, rung: 1, outcome: 'answered' }),
    ]);
    expect(h.of('bridge-duty')).toEqual([
      { type: 'bridge-duty', callId: 'u1', attempt: 2, endpoint: 'PJSIP/supervisor' },
    ]);
    expect(h.of('remove-entry')).toEqual([expect.objectContaining({ callId: 'u1', outcome: 'connected' })]);
    expect(h.of('cancel-duty')).toEqual([]); // the rung that answered is kept
    expect(h.state.waiting.size).toBe(0);
    expect(h.pendingTimers().filter((t) => t.includes('u1'))).toEqual([]);
  });

  it('a rung that fails (busy) hands over to the next at once; a late answer of it is dropped', () => {
    const h = harness();
    h.join('u1', { urgent: true });
    h.advance(20_000);
    h.send({ type: 'duty-failed', callId: call('u1'), attempt: 1, status: 'busy' });
    expect(h.of('rung-ended')).toEqual([expect.objectContaining({ attempt: 1, outcome: 'busy' })]);
    expect(h.of('ring-duty')).toEqual([expect.objectContaining({ attempt: 2, rung: 1 })]);
    // The first rung's stale events change nothing.
    h.send({ type: 'duty-failed', callId: call('u1'), attempt: 1, status: 'no-answer' });
    expect(h.last).toEqual([]);
    h.send({ type: 'duty-answered', callId: call('u1'), attempt: 1 });
    expect(h.last).toEqual([{ type: 'cancel-duty', callId: 'u1' }]);
    expect(h.state.waiting.get(call('u1'))?.ladder).toMatchObject({ attempt: 2, ringing: true });
  });

  it('an exhausted ladder starts again from the top after restartAfterSec, and never gives up', () => {
    const h = harness();
    h.join('u1', { urgent: true });
    const all = h.advance(20_000 + 15_000 + 10_000);
    expect(h.of('ring-duty', all).map((c) => [c.round, c.rung])).toEqual([
      [1, 0],
      [1, 1],
    ]);
    expect(h.of('rung-ended', all).map((c) => c.outcome)).toEqual(['no-answer', 'no-answer']);
    expect(h.advance(29_999).filter((c) => c.type === 'ring-duty')).toEqual([]);
    expect(h.of('ring-duty', h.advance(1))).toEqual([
      expect.objectContaining({ attempt: 3, round: 2, rung: 0, endpoint: 'PJSIP/duty' }),
    ]);
    // Three more rounds: still ringing.
    const later = h.advance(3 * (15_000 + 10_000 + 30_000));
    expect(h.of('ring-duty', later).map((c) => c.round)).toEqual([2, 3, 3, 4, 4, 5]);
  });

  it('an operator answering first wins: the rung ringing is cancelled and recorded so', () => {
    const h = harness();
    h.join('u1', { urgent: true });
    h.advance(20_000);
    expect(h.state.waiting.get(call('u1'))?.ladder?.ringing).toBe(true);
    h.login('op1'); // rung for the urgent caller at once
    expect(h.ringing()).toEqual([['u1', 'op1']]);
    h.send({ type: 'leg-answered', callId: call('u1'), operatorId: op('op1') });
    expect(h.of('bridge')).toEqual([{ type: 'bridge', callId: 'u1', operatorId: 'op1' }]);
    expect(h.of('cancel-duty')).toEqual([{ type: 'cancel-duty', callId: 'u1' }]);
    expect(h.of('rung-ended')).toEqual([expect.objectContaining({ attempt: 1, outcome: 'cancelled' })]);
    expect(h.pendingTimers().filter((t) => t.includes('u1'))).toEqual([]);
  });

  it('the caller hanging up ends the ladder', () => {
    const h = harness();
    h.join('u1', { urgent: true });
    h.advance(25_000);
    h.send({ type: 'caller-hung-up', callId: call('u1') });
    expect(h.of('rung-ended')).toEqual([expect.objectContaining({ outcome: 'cancelled' })]);
    expect(h.of('record-lost-call')).toHaveLength(1);
    expect(h.advance(600_000).filter((c) => c.type === 'ring-duty')).toEqual([]);
  });

  it('dutyEndpoint/dutyAfterSec stay a one-rung shorthand; a queue without a ladder rings nobody', () => {
    const short = queuesFile({ urgent: { dutyEndpoint: 'PJSIP/duty', dutyAfterSec: 5 } });
    expect(short.queues[0]?.urgent).toMatchObject({
      startAfterSec: 5,
      ladder: [{ endpoint: 'PJSIP/duty', ringSec: 60 }],
    });
    const both = QueuesFileSchema.safeParse({
      queues: [{ id: 'q', urgent: { dutyEndpoint: 'PJSIP/duty', ladder: [{ endpoint: 'PJSIP/x' }] } }],
    });
    expect(both.success).toBe(false);
    const h = new QueueHarness(queuesFile({ urgent: { webhookRetries: 1 } }));
    h.join('u1', { urgent: true });
    expect(h.advance(600_000).filter((c) => c.type === 'ring-duty')).toEqual([]);
  });
});
