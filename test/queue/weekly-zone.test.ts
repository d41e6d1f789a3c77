// The week of the 36-hour cap is counted in the zone of the operator's queue (its services'
// calendar zone), not one zone for all: at 02:00 Monday in Baku it is still Sunday in New York.
import { describe, expect, it } from 'vitest';
import { QueuesFileSchema } from '../../src/queue/queue-config.ts';
import { op, QueueHarness } from './queue-harness.ts';

const config = QueuesFileSchema.parse({
  queues: [{ id: 'baku' }, { id: 'ny' }],
  operators: [
    { id: 'op1', name: 'A', endpoint: 'PJSIP/op1', languages: ['az'], queues: ['baku'] },
    { id: 'op2', name: 'B', endpoint: 'PJSIP/op2', languages: ['en'], queues: ['ny'] },
  ],
});

describe('the weekly cap in the service zone', () => {
  it("counts each operator's week in their queue's zone", () => {
    // Monday 02:00 in Baku = Sunday 17:00 in New York.
    const now = Date.parse('2026-12-07T02:00:00+04:00');
    // 36 h of live service from Thursday to Saturday (both zones' same week).
    const start = Date.parse('2026-12-03T10:00:00+04:00');
    const worked = [{ start, end: start + 36 * 3_600_000 }];
    const h = new QueueHarness(config, now, {
      queueZones: new Map([
        ['baku', 'Asia/Baku'],
        ['ny', 'America/New_York'],
      ]),
      liveIntervals: new Map([
        [op('op1'), worked],
        [op('op2'), worked],
      ]),
    });
    // op1's week (Baku) has just started again; op2's (New York) has not.
    expect(
      h.send({ type: 'operator-command', operatorId: op('op1'), command: { kind: 'login' } }).error,
    ).toBeUndefined();
    const refused = h.send({ type: 'operator-command', operatorId: op('op2'), command: { kind: 'login' } });
    expect(refused.error?.reason).toMatch(/weekly cap of 36 h .*counted in America\/New_York/);
    expect(refused.error?.reason).toContain('2026-12-07T00:00:00.000-05:00');
  });

  it('a queue with no zone of its own falls back to the engine default', () => {
    const now = Date.parse('2026-12-07T02:00:00+04:00');
    const start = Date.parse('2026-12-03T10:00:00+04:00');
    const h = new QueueHarness(config, now, {
      timeZone: 'America/New_York',
      queueZones: new Map([['baku', 'Asia/Baku']]),
      liveIntervals: new Map([[op('op2'), [{ start, end: start + 36 * 3_600_000 }]]]),
    });
    const refused = h.send({ type: 'operator-command', operatorId: op('op2'), command: { kind: 'login' } });
    expect(refused.error?.reason).toMatch(/counted in America\/New_York/);
  });
});
