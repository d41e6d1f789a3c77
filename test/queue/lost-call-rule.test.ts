import { describe, expect, it } from 'vitest';
import { classifyAbandon, waitedAcrossRestart } from '../../src/queue/lost-call-rule.ts';
import { call, QueueHarness, queuesFile } from './queue-harness.ts';

describe('the 10-second lost-call rule', () => {
  it.each([
    [9_900, 'short-abandon'],
    [10_000, 'short-abandon'], // "more than 10 seconds": exactly 10 s is not lost
    [10_100, 'lost'],
  ] as const)('waited %i ms → %s', (ms, kind) => {
    expect(classifyAbandon(ms)).toBe(kind);
    expect(classifyAbandon(ms, 10)).toBe(kind);
  });

  it('the threshold is configurable', () => {
    expect(classifyAbandon(20_000, 20)).toBe('short-abandon');
    expect(classifyAbandon(20_001, 20)).toBe('lost');
    expect(classifyAbandon(1, 0)).toBe('lost');
  });

  it('a wait across a restart is measured on the persisted wall times', () => {
    expect(waitedAcrossRestart(1_000, 12_000)).toBe(11_000);
    expect(waitedAcrossRestart(12_000, 1_000)).toBe(0);
  });

  it.each([
    [9_900, 'record-short-abandon', 'abandoned'],
    [10_000, 'record-short-abandon', 'abandoned'],
    [10_100, 'record-lost-call', 'lost'],
  ] as const)('in the queue, measured on the monotonic clock: %i ms → %s', (ms, record, outcome) => {
    const h = new QueueHarness();
    h.join('c0'); // someone ahead, so the position is 2
    h.join('c1', { language: 'ru', number: '+994501112233' });
    h.advance(ms);
    const wallAtHangup = h.now;
    h.send({ type: 'caller-hung-up', callId: call('c1') });
    // Recorded before the entry is closed.
    expect(h.last.map((c) => c.type).filter((type) => !type.endsWith('-timer'))).toEqual([
      record,
      'remove-entry',
    ]);
    expect(h.of(record)[0]).toEqual({
      type: record,
      callId: 'c1',
      queueId: 'general',
      callerNumber: '+994501112233',
      language: 'ru',
      waitedMs: ms,
      position: 2,
      at: wallAtHangup,
    });
    expect(h.of('remove-entry')[0]).toMatchObject({ callId: 'c1', outcome });
  });

  it('the wall clock jumping does not change the measured wait', () => {
    const h = new QueueHarness(queuesFile({ lostCallThresholdSec: 10 }));
    h.join('c1');
    h.advance(5_000);
    h.now -= 3_600_000; // NTP step back an hour
    h.send({ type: 'caller-hung-up', callId: call('c1') });
    expect(h.of('record-short-abandon')[0]!.waitedMs).toBe(5_000);
  });
});
