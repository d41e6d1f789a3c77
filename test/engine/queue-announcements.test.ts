// Callers waiting hear their place in the queue on entry and every announceEverySec (30 s).
import { describe, expect, it } from 'vitest';
import { announcementHeard, callAndWait, positionsHeard, startScenario, waiting } from './queue-scenario.ts';
import { useScenario } from './scenario.ts';

describe('queue position announcements on the simulator', () => {
  const s = useScenario(() => startScenario());

  it('announces the place on entry and every 30 s, following the queue as it moves', async () => {
    const { h, clock } = s;
    const a = await callAndWait(s, '0502220001');
    await announcementHeard(s, a.simId);
    expect(positionsHeard(h, a.simId)).toEqual([1]);

    const b = await callAndWait(s, '0502220002');
    await announcementHeard(s, b.simId);
    expect(positionsHeard(h, b.simId)).toEqual([2]);
    expect((await waiting(h)).map((w) => w.position)).toEqual([1, 2]);

    // A joined at t, B at t + 200 ms, and it is now t + 300 ms; 30 s after joining, each
    // hears the place again.
    await clock.advanceAsync(29_699);
    expect(positionsHeard(h, a.simId)).toEqual([1]);
    await clock.advanceAsync(1 + 100);
    await h.waitFor('A hears place 1 again', () => positionsHeard(h, a.simId).length === 2);
    await clock.advanceAsync(200);
    await h.waitFor('B hears place 2 again', () => positionsHeard(h, b.simId).length === 2);
    expect(positionsHeard(h, a.simId)).toEqual([1, 1]);
    expect(positionsHeard(h, b.simId)).toEqual([2, 2]);

    // A gives up; B moves up and hears it at the next announcement.
    h.sim.world.hangup(a.simId);
    await h.waitFor('A left the queue', () => h.cagri.queue.snapshot().waiting.length === 1);
    await clock.advanceAsync(30_000);
    await h.waitFor('B hears place 1', () => positionsHeard(h, b.simId).length === 3);
    expect(positionsHeard(h, b.simId)).toEqual([2, 2, 1]);
    // Music on hold between announcements, on the caller's channel.
    expect(h.view(b.simId).musicOnHold).toBe('default');
  });
});
