import { describe, expect, it } from 'vitest';
import { op, QueueHarness, queuesFile } from './queue-harness.ts';

const team = [
  { id: 'op1', name: 'A', endpoint: 'PJSIP/op1', languages: ['az'], queues: ['general'] },
  { id: 'op2', name: 'B', endpoint: 'PJSIP/op2', languages: ['az', 'ru'], queues: ['general'] },
];

describe('language overflow', () => {
  it('no logged-in operator speaks English: any operator after overflowAfterSec, not a moment before', () => {
    const h = new QueueHarness(queuesFile({ overflowAfterSec: 60 }, team));
    h.login('op1', 'op2');
    h.join('c1', { language: 'en' });
    expect(h.of('ring-operator')).toEqual([]);
    h.advance(59_999);
    expect(h.of('ring-operator')).toEqual([]);
    h.advance(1);
    expect(h.of('ring-operator').map((c) => c.operatorId)).toEqual(['op1']);
  });

  it('0 overflows at once; null never', () => {
    const now = new QueueHarness(queuesFile({ overflowAfterSec: 0 }, team));
    now.login('op1');
    now.join('c1', { language: 'en' });
    expect(now.of('ring-operator').map((c) => c.operatorId)).toEqual(['op1']);

    const never = new QueueHarness(queuesFile({ overflowAfterSec: null }, team));
    never.login('op1');
    never.join('c1', { language: 'en' });
    never.advance(3_600_000);
    expect(never.of('ring-operator', never.log)).toEqual([]);
    expect(never.pendingTimers()).not.toContain('overflow:c1');
  });

  it('a logged-in speaker of the language (busy or paused) is waited for instead', () => {
    const h = new QueueHarness(queuesFile({ overflowAfterSec: 10 }, team));
    h.login('op1', 'op2');
    h.send({ type: 'operator-command', operatorId: op('op2'), command: { kind: 'pause', reason: 'break' } });
    h.join('c1', { language: 'ru' });
    h.advance(120_000);
    expect(h.of('ring-operator', h.log)).toEqual([]);
    // The Russian speaker logs out: nobody logged in speaks Russian any more, the wait is long enough.
    h.send({ type: 'operator-command', operatorId: op('op2'), command: { kind: 'logout' } });
    expect(h.of('ring-operator').map((c) => c.operatorId)).toEqual(['op1']);
  });

  it('the overflow timer stops when the caller leaves', () => {
    const h = new QueueHarness(queuesFile({ overflowAfterSec: 60 }, team));
    h.login('op1');
    h.join('c1', { language: 'en' });
    expect(h.pendingTimers()).toContain('overflow:c1');
    h.send({ type: 'caller-hung-up', callId: 'c1' as never });
    expect(h.pendingTimers()).not.toContain('overflow:c1');
  });
});
