// Restart safety: who waits since when is in Postgres. After an engine restart, callers still in
// Stasis are re-adopted with their original waiting time; those who hung up while the engine was
// down are classified by the same 10-second rule.
import { describe, expect, it } from 'vitest';
import {
  bridgedWith,
  callAndWait,
  heard,
  isWaiting,
  operator,
  opState,
  press,
  ringingLeg,
  setOperator,
  startScenario,
  waiting,
} from './queue-scenario.ts';
import { useScenario } from './scenario.ts';

describe('engine restart with callers waiting', () => {
  const s = useScenario(() => startScenario());

  it('re-adopts waiting callers with their waiting time and classifies those who left meanwhile', async () => {
    const { h, clock } = s;
    h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'after', afterMs: 1000 });
    const stays = await callAndWait(s, '0506660001'); // joins at t
    await clock.advanceAsync(900);
    const lost = await callAndWait(s, '0506660002'); // t + 1 s
    await clock.advanceAsync(7_900);
    const short = await callAndWait(s, '0506660003'); // t + 9 s
    await clock.advanceAsync(3_000); // now t + 12 s
    await h.cagri.writes.idle();

    // The engine stops (as a crash would leave things); two callers hang up before it is back.
    const restarting = h.restartEngine();
    h.sim.world.hangup(lost.simId); // waited 11 s: lost
    h.sim.world.hangup(short.simId); // waited 3 s: short abandon
    await restarting;

    await h.waitFor('caller re-adopted', () => isWaiting(h, stays.callId));
    const queue = await waiting(h);
    expect(queue).toEqual([expect.objectContaining({ callId: stays.callId, position: 1, waitedMs: 12_000 })]);
    await h.waitFor('queue entries closed', async () => {
      const open = await h.cagri.db
        .selectFrom('queue_entries')
        .select('call_id')
        .where('state', '=', 'waiting')
        .execute();
      return open.length === 1;
    });
    await h.cagri.writes.idle();
    const lostCalls = (await h.api('GET', '/api/lost-calls')).body.lostCalls;
    expect(lostCalls).toEqual([
      expect.objectContaining({ callId: lost.callId, callerNumber: '0506660002', waitedSec: 11 }),
    ]);
    await h.cagri.writes.idle();
    const states = await h.cagri.db
      .selectFrom('queue_entries')
      .select(['call_id', 'state'])
      .orderBy('joined_at')
      .execute();
    expect(states).toEqual([
      { call_id: stays.callId, state: 'waiting' },
      { call_id: lost.callId, state: 'lost' },
      { call_id: short.callId, state: 'abandoned' },
    ]);

    // The re-adopted caller's call goes on: keys work as before the restart (0: "already waiting").
    await press(s, stays.simId, '0');
    await h.waitFor('already-waiting heard after the restart', () =>
      heard(h, stays.simId).includes('sound:cagri/az/already-waiting'),
    );

    // The re-adopted caller keeps waiting and is put through when an operator logs in.
    await setOperator(h, 'op1', 'available');
    await ringingLeg(h, 'PJSIP/op1');
    await clock.advanceAsync(1000);
    await h.waitFor('bridged with op1', () => bridgedWith(h, stays.simId).includes('PJSIP/op1'));
    expect((await operator(h, 'op1'))?.state).toBe('on-call');

    // When the re-adopted caller hangs up, the operator is freed (wrap-up), not left on the line.
    h.sim.world.hangup(stays.simId);
    await h.waitFor('op1 in wrap-up', () => opState(h, 'op1') === 'wrap-up');
    const leg = h.sim.world.listOriginations().find((o) => o.endpoint === 'PJSIP/op1');
    await h.waitFor('op1 leg hung up', () => leg && h.view(leg.channelId).state === 'ended');
  });
});
