// The screen pop of a callback: a caller waited 11 s with nobody logged in and hung up (a lost
// call); when the same-day callback is made, the operator granted to it gets the pop before
// answering — a callback, why (lost call), the number it dials, and what the caller had chosen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Callbacks } from '../../src/callbacks/create-callbacks.ts';
import { callAndWait, ringingLeg, startScenario } from '../engine/queue-scenario.ts';
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

describe('the screen pop of a callback', () => {
  it('reaches the operator the callback is granted to, with why and the caller’s choice', async () => {
    const { h, clock } = s;
    h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'never' });
    const lost = await callAndWait(s, '0501239999', '112'); // appeals → complaint → operator
    await clock.advanceAsync(11_000);
    h.sim.world.hangup(lost.simId);
    await h.cagri.writes.idle();
    const cb = await h.waitFor('a lost-call callback', async () =>
      h.cagri.db
        .selectFrom('callbacks')
        .selectAll()
        .where('source_call_id', '=', lost.callId)
        .where('status', '=', 'scheduled')
        .executeTakeFirst(),
    );

    const address = await h.cagri.http.listen({ port: 0, host: '127.0.0.1' });
    desk = await openSse(address, '/api/desk/events?operator=op1', {
      authorization: `Bearer ${ADMIN_TOKEN}`,
    });
    expect(desk.status).toBe(200);
    expect((await h.api('PUT', '/api/operators/op1/state', { state: 'available' })).status).toBe(200);
    const due = cb.next_attempt_at.getTime() - clock.now();
    if (due > 0) await clock.advanceAsync(due);
    await (h.cagri.callbacks as Callbacks).scheduler.promoteDelayed();
    await ringingLeg(h, 'PJSIP/op1');

    const pop = await h.waitFor('callback pop', () => desk?.events('screen-pop')[0], 8000);
    expect(pop.data).toMatchObject({
      workId: cb.id,
      kind: 'callback',
      callId: lost.callId,
      callerNumber: '0501239999',
      reason: 'complaint',
      menuPath: ['main', 'appeals', 'complaint'],
      urgent: false,
      callback: { id: cb.id, why: 'lost-call', number: '+994501239999' },
    });
    expect(pop.data.recentCalls.map((c: { id: string }) => c.id)).toEqual([lost.callId]);
  });
});
