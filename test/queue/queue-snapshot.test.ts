import { describe, expect, it } from 'vitest';
import { snapshot } from '../../src/queue/queue-snapshot.ts';
import { op, QueueHarness } from './queue-harness.ts';

describe('snapshot for the admin API', () => {
  it('shows operators with state, since, weekly time and near/at cap; callers with place and wait', () => {
    const monday = Date.parse('2026-11-30T00:00:00+04:00');
    const start = Date.parse('2026-12-04T09:00:00+04:00');
    const h = new QueueHarness(undefined, start, {
      liveIntervals: new Map([
        [op('op2'), [{ start: monday + 3_600_000, end: monday + 3_600_000 + 33 * 3_600_000 }]],
      ]),
    });
    h.login('op1', 'op2');
    h.send({
      type: 'operator-command',
      operatorId: op('op1'),
      command: { kind: 'pause', reason: 'training' },
    });
    h.join('c1', { language: 'ru' });
    h.advance(4_000);
    h.join('c2', { language: 'en' });
    h.advance(1_000);
    const s = snapshot(h.state, h.now, h.mono);
    expect(s.operators.map((o) => [o.id, o.state, o.reason, o.weeklySeconds, o.nearCap, o.atCap])).toEqual([
      ['op1', 'paused', 'training', 2, false, false],
      ['op2', 'ringing', undefined, 33 * 3600 + 6, true, false],
      ['op3', 'offline', undefined, 0, false, false],
    ]);
    expect(s.operators[1]).toMatchObject({ callId: 'c2', since: h.now - 1_000 });
    expect(s.waiting).toEqual([
      {
        callId: 'c1',
        queueId: 'general',
        language: 'ru',
        urgent: false,
        position: 1,
        waitedMs: 5_000,
        joinedAt: h.now - 5_000,
        reason: 'operator',
        menuPath: [],
        collected: {},
      },
      {
        callId: 'c2',
        queueId: 'general',
        language: 'en',
        urgent: false,
        position: 2,
        waitedMs: 1_000,
        joinedAt: h.now - 1_000,
        ringing: 'op2',
        reason: 'operator',
        menuPath: [],
        collected: {},
      },
    ]);
  });
});
