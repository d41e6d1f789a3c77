// The shipped menu: a caller with an open appeal keys its number at the status lookup (1 → 1 → 3),
// hears where it stands, then presses 0 for an operator. The pop carries the keyed number, the
// reason (0 pressed) and the open appeal itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ringingLeg, setOperator, startScenario } from '../engine/queue-scenario.ts';
import type { Scenario } from '../engine/scenario.ts';
import { ADMIN_TOKEN } from '../support/engine-harness.ts';
import { openSse, type SseClient } from './sse-client.ts';

let s: Scenario;
let desk: SseClient | undefined;
beforeAll(async () => {
  s = await startScenario();
});
afterAll(async () => {
  desk?.close();
  await s?.h.close();
});

describe('the pop after the status lookup of the shipped menu', () => {
  it('carries the keyed appeal number and the open appeal when the caller then presses 0', async () => {
    const { h, clock } = s;
    const registered = await h.cagri.appeals.service.register(
      {
        serviceId: 'citizens',
        citizenNumber: '0507770001',
        language: 'az',
        category: 'complaint',
        summary: 'Broken street lights',
        unitId: 'housing',
      },
      { kind: 'token' },
    );
    if (!registered.ok) throw new Error(registered.reason);
    const { regNo } = registered.value;
    const seq = String(Number(regNo.split('-')[2]));

    const address = await h.cagri.http.listen({ port: 0, host: '127.0.0.1' });
    desk = await openSse(address, '/api/desk/events?operator=op1', {
      authorization: `Bearer ${ADMIN_TOKEN}`,
    });
    h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'after', afterMs: 500 });
    const simId = await h.call('0507770001');
    h.sim.world.sendDtmf(simId, `113${seq}#`, 0);
    await clock.advanceAsync(100 * (4 + seq.length));
    await h.waitFor('the status read out', () =>
      h.view(simId).heard.some((m) => m.media === 'sound:cagri/az/appeal-status-registered'),
    );
    h.sim.world.sendDtmf(simId, '0', 0);
    await clock.advanceAsync(100);
    await h.waitFor('waiting for an operator', () => h.cagri.queue.snapshot().waiting.length === 1);
    await setOperator(h, 'op1', 'available');
    await ringingLeg(h, 'PJSIP/op1');
    await clock.advanceAsync(500);
    const pop = await h.waitFor('pop', () => desk?.events('screen-pop')[0]);
    expect(pop.data).toMatchObject({
      callerNumber: '0507770001',
      reason: 'zero',
      menuPath: ['main', 'appeals', 'complaint'],
      keyed: { appealNumber: seq },
      appealNumber: seq,
    });
    expect(pop.data.openAppeals).toEqual([
      expect.objectContaining({ regNo, category: 'complaint', status: 'registered', unitId: 'housing' }),
    ]);
  });
});
