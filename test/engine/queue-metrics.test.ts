// Issue 11, gap 7 (metrics): a lost call (waited more than 10 s) and a short abandon are counted
// apart, escalations are counted, and callbacks are shown by status.
import { describe, expect, it } from 'vitest';
import { callAndWait, startScenario } from './queue-scenario.ts';
import { useScenario } from './scenario.ts';

async function metrics(s: { h: { cagri: { http: { inject(o: object): Promise<{ body: string }> } } } }) {
  return (await s.h.cagri.http.inject({ method: 'GET', url: '/metrics' })).body;
}

describe('queue metrics', () => {
  const s = useScenario(() => startScenario());

  it('counts lost calls and short abandons apart, escalations, and callbacks by status', async () => {
    const { h, clock } = s;
    const short = await callAndWait(s, '0507770001');
    await clock.advanceAsync(5_000);
    h.sim.world.hangup(short.simId);
    const lost = await callAndWait(s, '0507770002');
    await clock.advanceAsync(11_000);
    h.sim.world.hangup(lost.simId);
    await callAndWait(s, '0507770003', '3');
    await h.waitFor('both abandons counted', () => {
      const t = h.cagri.queue.tally;
      return t.lostCalls === 1 && t.shortAbandons === 1;
    });
    await h.waitFor('the lost call has its callback', async () =>
      (await metrics(s)).includes('cagri_callbacks{status="scheduled"} 1'),
    );
    const text = await metrics(s);
    expect(text).toContain('cagri_queue_abandons_total{kind="lost"} 1');
    expect(text).toContain('cagri_queue_abandons_total{kind="short"} 1');
    expect(text).toContain('cagri_escalations_total 1');
  });
});
