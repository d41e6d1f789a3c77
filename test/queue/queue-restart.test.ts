import { describe, expect, it } from 'vitest';
import { snapshot } from '../../src/queue/queue-snapshot.ts';
import { call, op, QueueHarness } from './queue-harness.ts';

const T0 = Date.parse('2026-12-01T10:00:00+04:00');

describe('restart safety', () => {
  it('persists who waits since when', () => {
    const h = new QueueHarness(undefined, T0);
    h.join('c1', { number: '+994501234567' });
    expect(h.of('persist-entry')).toEqual([
      {
        type: 'persist-entry',
        callId: 'c1',
        queueId: 'general',
        callerNumber: '+994501234567',
        language: 'az',
        urgent: false,
        choice: { reason: 'operator', menuPath: [], collected: {} },
        joinedAt: T0,
      },
    ]);
  });

  it('re-adopts callers with their original waiting time and order; hangups are classified by the same rule', () => {
    // The new process starts 8 s after c1 and 6 s after c2 joined; its monotonic clock starts anew.
    const h = new QueueHarness(undefined, T0 + 8_000);
    h.mono = 42;
    const readopt = (id: string, joinedWall: number) =>
      h.send({
        type: 'caller-joined',
        callId: call(id),
        queueId: 'general' as never,
        language: 'az',
        urgent: false,
        callerNumber: '+994501234567',
        joinedWall,
      });
    h.join('new'); // a caller who arrived just now is behind the re-adopted ones
    readopt('c2', T0 + 2_000);
    readopt('c1', T0);
    expect(h.of('escalate')).toEqual([]);
    expect(snapshot(h.state).waiting.map((w) => [w.callId, w.position, w.waitedMs])).toEqual([
      ['c1', 1, 8_000],
      ['c2', 2, 6_000],
      ['new', 3, 0],
    ]);
    // c1 hangs up 2.1 s later: 10.1 s in all → lost; c2 after 4 s: 10.0 s → short abandon.
    h.advance(2_100);
    h.send({ type: 'caller-hung-up', callId: call('c1') });
    expect(h.of('record-lost-call')[0]).toMatchObject({ callId: 'c1', waitedMs: 10_100, position: 1 });
    h.advance(1_900);
    h.send({ type: 'caller-hung-up', callId: call('c2') });
    expect(h.of('record-short-abandon')[0]).toMatchObject({ callId: 'c2', waitedMs: 10_000, position: 1 });
  });

  it('a caller who hung up while the engine was down is classified on the persisted times', () => {
    const h = new QueueHarness(undefined, T0 + 60_000); // the engine was down for a minute
    for (const [id, joined, hungUp] of [
      ['gone-long', T0, T0 + 10_100],
      ['gone-short', T0 + 1_000, T0 + 11_000],
    ] as const) {
      h.send({
        type: 'caller-joined',
        callId: call(id),
        queueId: 'general' as never,
        language: 'ru',
        urgent: false,
        callerNumber: '+994501234567',
        joinedWall: joined,
      });
      h.send({ type: 'caller-hung-up', callId: call(id), hungUpWall: hungUp });
    }
    expect(h.log.filter((c) => c.type === 'record-lost-call')).toEqual([
      expect.objectContaining({ callId: 'gone-long', waitedMs: 10_100, at: T0 + 10_100 }),
    ]);
    expect(h.log.filter((c) => c.type === 'record-short-abandon')).toEqual([
      expect.objectContaining({ callId: 'gone-short', waitedMs: 10_000, at: T0 + 11_000 }),
    ]);
    expect(h.state.waiting.size).toBe(0);
  });

  it('a re-adopted urgent caller is not escalated twice; the duty endpoint keeps its original deadline', () => {
    const h = new QueueHarness(undefined, T0 + 15_000);
    h.send({
      type: 'caller-joined',
      callId: call('u1'),
      queueId: 'general' as never,
      language: 'az',
      urgent: true,
      callerNumber: '+994501234567',
      joinedWall: T0,
    });
    expect(h.of('escalate')).toEqual([]);
    h.advance(4_999);
    expect(h.of('ring-duty')).toEqual([]);
    h.advance(1);
    expect(h.of('ring-duty')).toHaveLength(1);
  });

  it('restores operators as Postgres remembers them, with the open live interval', () => {
    const h = new QueueHarness(undefined, T0, {
      operators: [
        { operatorId: op('op1'), state: 'available', since: T0 - 60_000 },
        { operatorId: op('op2'), state: 'paused', reason: 'lunch', since: T0 - 60_000 },
      ],
    });
    expect([h.opState('op1'), h.opState('op2'), h.opState('op3')]).toEqual([
      'available',
      'paused(lunch)',
      'offline',
    ]);
    h.advance(60_000);
    expect(snapshot(h.state, h.now).operators[0]).toMatchObject({
      id: 'op1',
      state: 'available',
      weeklySeconds: 60,
    });
  });
});
