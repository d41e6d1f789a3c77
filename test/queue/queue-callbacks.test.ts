import { describe, expect, it } from 'vitest';
import { snapshot } from '../../src/queue/queue-snapshot.ts';
import { call, cb, op, QueueHarness, queuesFile } from './queue-harness.ts';

const request = (h: QueueHarness, id: string, language = 'az') =>
  h.send({ type: 'callback-request', callbackId: cb(id), queueId: 'general' as never, language });

const fiveOperators = ['op1', 'op2', 'op3', 'op4', 'op5'].map((id) => ({
  id,
  name: id,
  endpoint: `PJSIP/${id}`,
  languages: ['az', 'ru'],
  queues: ['general'],
}));

describe('callbacks and the share rule', () => {
  it('grants a free operator when nobody waits live, and frees it after the callback', () => {
    const h = new QueueHarness();
    h.login('op1', 'op2', 'op3');
    request(h, 'cb1');
    expect(h.of('grant-callback')).toEqual([
      { type: 'grant-callback', callbackId: 'cb1', operatorId: 'op1' },
    ]);
    expect(h.opState('op1')).toBe('on-call');
    h.send({ type: 'callback-done', callbackId: cb('cb1'), operatorId: op('op1') });
    expect(h.opState('op1')).toBe('wrap-up');
  });

  it('callbacks hold at most callbackShare of the free operators (rounded up)', () => {
    const h = new QueueHarness(queuesFile({ callbackShare: 0.3 }, fiveOperators));
    h.login('op1', 'op2', 'op3', 'op4', 'op5');
    for (const id of ['cb1', 'cb2', 'cb3']) request(h, id);
    // ceil(0.3 × 5) = 2 callbacks at once; the third waits.
    expect(h.log.filter((c) => c.type === 'grant-callback').map((c) => c.operatorId)).toEqual(['op1', 'op2']);
    expect(snapshot(h.state).callbacks.find((c) => c.callbackId === 'cb3')?.state).toBe(
      'waiting-for-operator',
    );
    h.send({ type: 'callback-done', callbackId: cb('cb1'), operatorId: op('op1') });
    expect(h.of('grant-callback').map((c) => c.callbackId)).toEqual(['cb3']);
  });

  it('never starves live callers: no grant while a live caller the operator could serve waits', () => {
    const h = new QueueHarness(queuesFile({ callbackShare: 1 }, fiveOperators.slice(0, 1)));
    h.login('op1');
    h.join('c1');
    h.join('c2');
    request(h, 'cb1');
    expect(h.of('grant-callback')).toEqual([]);
    h.send({ type: 'leg-answered', callId: call('c1'), operatorId: op('op1') });
    h.send({ type: 'call-ended', callId: call('c1'), operatorId: op('op1') });
    h.advance(10_000); // wrap-up over: the live caller c2 comes first
    expect(h.of('ring-operator').map((c) => c.callId)).toEqual(['c2']);
    expect(h.of('grant-callback')).toEqual([]);
    h.send({ type: 'leg-answered', callId: call('c2'), operatorId: op('op1') });
    h.send({ type: 'call-ended', callId: call('c2'), operatorId: op('op1') });
    expect(h.advance(10_000).filter((c) => c.type === 'grant-callback')).toEqual([
      { type: 'grant-callback', callbackId: 'cb1', operatorId: 'op1' },
    ]);
  });

  it('a live caller of another language does not block a callback the operator can make', () => {
    const h = new QueueHarness(queuesFile({ callbackShare: 1 }, fiveOperators.slice(0, 1)));
    h.login('op1');
    h.join('c-en', { language: 'en' }); // nobody speaks English: op1 cannot serve this caller
    request(h, 'cb1', 'ru');
    expect(h.of('grant-callback').map((c) => c.operatorId)).toEqual(['op1']);
  });

  it('an operator who does not answer the callback leg is paused; withdrawals and unknown ids are refused clearly', () => {
    const h = new QueueHarness();
    h.login('op1');
    request(h, 'cb1');
    expect(request(h, 'cb1').error?.kind).toBe('duplicate');
    expect(h.send({ type: 'callback-withdrawn', callbackId: cb('cb1') }).error?.kind).toBe('refused');
    h.send({ type: 'callback-done', callbackId: cb('cb1'), operatorId: op('op1'), operatorAnswered: false });
    expect(h.opState('op1')).toBe('paused(no-answer)');
    request(h, 'cb2');
    expect(h.send({ type: 'callback-withdrawn', callbackId: cb('cb2') }).error).toBeUndefined();
    expect(h.state.callbacks.size).toBe(0);
  });
});
