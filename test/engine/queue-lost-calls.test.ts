// The 10-second rule through the whole stack: a caller who waited MORE than 10 s in the queue
// and hung up is a lost call (GET /api/lost-calls); 10.0 s or less is a short abandon.
import { describe, expect, it } from 'vitest';
import { callAndWait, isWaiting, startScenario } from './queue-scenario.ts';
import { useScenario } from './scenario.ts';

describe('the 10-second lost-call rule on the simulator', () => {
  const s = useScenario(() => startScenario()); // no operator is logged in: nobody answers

  /** A caller waits exactly `ms` on the engine's clock, then hangs up. */
  async function waitAndHangUp(number: string, ms: number): Promise<string> {
    const { h, clock } = s;
    const { simId, callId } = await callAndWait(s, number);
    await clock.advanceAsync(ms);
    h.sim.world.hangup(simId);
    await h.waitFor(`${number} left the queue`, () => !isWaiting(h, callId));
    await h.cagri.writes.idle();
    return callId;
  }

  async function lostCalls(): Promise<Array<Record<string, unknown>>> {
    return (await h().api('GET', '/api/lost-calls')).body.lostCalls;
  }
  const h = () => s.h;

  async function entryState(callId: string): Promise<string | undefined> {
    const row = await h()
      .cagri.db.selectFrom('queue_entries')
      .select('state')
      .where('call_id', '=', callId)
      .executeTakeFirst();
    return row?.state;
  }

  it('11 s waited: a lost call, stored with what the callback needs', async () => {
    const callId = await waitAndHangUp('0504440011', 11_000);
    const lost = await lostCalls();
    expect(lost).toEqual([
      expect.objectContaining({
        callId,
        serviceId: 'citizens',
        callerNumber: '0504440011',
        language: 'az',
        waitedSec: 11,
        position: 1,
        hungUpAt: '2026-12-01T06:00:11.100Z',
      }),
    ]);
    expect(await entryState(callId)).toBe('lost');
  });

  it('5 s waited: a short abandon, not a lost call', async () => {
    const callId = await waitAndHangUp('0504440005', 5_000);
    expect((await lostCalls()).map((l) => l.callerNumber)).not.toContain('0504440005');
    expect(await entryState(callId)).toBe('abandoned');
  });

  it('the boundaries: 9.9 s and exactly 10.0 s are not "more than 10 seconds"; 10.1 s is', async () => {
    const under = await waitAndHangUp('0504440099', 9_900);
    const exact = await waitAndHangUp('0504440100', 10_000);
    const over = await waitAndHangUp('0504440101', 10_100);
    const lost = await lostCalls();
    const numbers = lost.map((l) => l.callerNumber);
    expect(numbers).not.toContain('0504440099');
    expect(numbers).not.toContain('0504440100');
    expect(lost.find((l) => l.callerNumber === '0504440101')).toMatchObject({
      callId: over,
      waitedSec: 10.1,
    });
    expect(await entryState(under)).toBe('abandoned');
    expect(await entryState(exact)).toBe('abandoned');
    expect(await entryState(over)).toBe('lost');
  });
});
