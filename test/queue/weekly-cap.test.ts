// Issue 11, gap 5: the 36-hour week enforced by the pure queue machine — paused at the cap with
// reason `weekly-cap` (a call in progress finishes first), logging in at the cap refused with a
// reason a person can act on, a warning when the warning threshold is crossed, the week counted
// in the service's time zone.
import { describe, expect, it } from 'vitest';
import { call, op, QueueHarness } from './queue-harness.ts';

const MONDAY = '2026-11-30T00:00:00+04:00'; // Monday 00:00 in Baku
const H = 3600_000;

describe('the weekly cap, enforced', () => {
  it('warns at 32 h and pauses an idle operator at 36 h with reason weekly-cap', () => {
    const h = new QueueHarness(undefined, MONDAY);
    h.send({ type: 'operator-command', operatorId: op('op1'), command: { kind: 'login' } });
    const warn = h.advance(32 * H);
    expect(warn.filter((c) => c.type === 'weekly-cap-warning')).toEqual([
      { type: 'weekly-cap-warning', operatorId: 'op1', weeklySeconds: 32 * 3600, capHours: 36 },
    ]);
    expect(h.opState('op1')).toBe('available');
    h.advance(4 * H - 1);
    expect(h.opState('op1')).toBe('available');
    const atCap = h.advance(1);
    expect(h.opState('op1')).toBe('paused(weekly-cap)');
    expect(atCap).toContainEqual(
      expect.objectContaining({
        type: 'operator-state-changed',
        operatorId: 'op1',
        to: 'paused',
        reason: 'pause: weekly-cap',
      }),
    );
    // Paused: no more live time accrues.
    h.advance(5 * H);
    expect(h.state.operators.get(op('op1'))?.status).toEqual({ kind: 'paused', reason: 'weekly-cap' });
  });

  it('refuses a login or an unpause at the cap, saying when the operator may come back', () => {
    const h = new QueueHarness(undefined, MONDAY);
    h.send({ type: 'operator-command', operatorId: op('op1'), command: { kind: 'login' } });
    h.advance(36 * H);
    const unpause = h.send({ type: 'operator-command', operatorId: op('op1'), command: { kind: 'unpause' } });
    expect(unpause.error?.kind).toBe('refused');
    expect(unpause.error?.reason).toBe(
      'operator op1 has reached the weekly cap of 36 h (36 h of live service this week, counted in Asia/Baku); ' +
        'they can log in again when the next week starts (2026-12-07T00:00:00.000+04:00)',
    );
    h.send({ type: 'operator-command', operatorId: op('op1'), command: { kind: 'logout' } });
    const login = h.send({ type: 'operator-command', operatorId: op('op1'), command: { kind: 'login' } });
    expect(login.error?.kind).toBe('refused');
    expect(h.opState('op1')).toBe('offline');
    // A new week in Baku: welcome back.
    h.advance(7 * 24 * H - 36 * H);
    const monday = h.send({ type: 'operator-command', operatorId: op('op1'), command: { kind: 'login' } });
    expect(monday.error).toBeUndefined();
    expect(h.opState('op1')).toBe('available');
  });

  it('a call in progress at the cap finishes; the operator is paused when it ends', () => {
    const h = new QueueHarness(undefined, MONDAY);
    h.send({ type: 'operator-command', operatorId: op('op1'), command: { kind: 'login' } });
    h.advance(36 * H - 60_000);
    h.join('c1');
    h.send({ type: 'leg-answered', callId: call('c1'), operatorId: op('op1') });
    expect(h.opState('op1')).toBe('on-call');
    h.advance(5 * 60_000); // past the cap, still talking
    expect(h.opState('op1')).toBe('on-call');
    h.send({ type: 'call-ended', callId: call('c1'), operatorId: op('op1') });
    expect(h.state.operators.get(op('op1'))?.status).toEqual({ kind: 'paused', reason: 'weekly-cap' });
  });
});
