// What a waiting caller can still do, and how the queue lets go of them: 0 keeps them waiting,
// the queue's callback key (9) takes them out of the queue and its music on hold, and a caller
// who hangs up in the middle of a conversation frees the operator.
import { describe, expect, it } from 'vitest';
import {
  announcementHeard,
  bridgedWith,
  callAndWait,
  heard,
  isWaiting,
  legsTo,
  opState,
  press,
  ringingLeg,
  setOperator,
  startScenario,
} from './queue-scenario.ts';
import { scenarioPerTest } from './scenario.ts';

describe('while waiting for an operator', () => {
  const start = scenarioPerTest(startScenario);

  it('0 keeps the caller waiting; 9 leaves the queue, its music and the ringing phone', async () => {
    const s = await start();
    const { h, clock } = s;
    h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'never' });
    await setOperator(h, 'op1', 'available');
    const { simId, callId } = await callAndWait(s, '0507770001');
    await ringingLeg(h, 'PJSIP/op1');
    await announcementHeard(s, simId); // a prompt waits behind what plays on the channel
    await h.waitFor('on hold', () => h.view(simId).musicOnHold === 'default');

    await press(s, simId, '0');
    await h.waitFor('already waiting', () => heard(h, simId).includes('sound:cagri/az/already-waiting'));
    expect(isWaiting(h, callId)).toBe(true);

    await clock.advanceAsync(1000);
    await press(s, simId, '9');
    await h.waitFor('callback offer', () => heard(h, simId).includes('sound:cagri/az/callback-offer'));
    expect(isWaiting(h, callId)).toBe(false);
    await h.waitFor('off hold', () => h.view(simId).musicOnHold === null);
    expect(h.view(simId).bridgeId).toBeNull();
    await h.waitFor('op1 leg dropped', () => legsTo(h, 'PJSIP/op1')[0]?.result === 'cancelled');
    await h.waitFor('op1 available', () => opState(h, 'op1') === 'available');
    await h.cagri.writes.idle();
    const entry = await h.cagri.db
      .selectFrom('queue_entries')
      .select('state')
      .where('call_id', '=', callId)
      .executeTakeFirst();
    expect(entry?.state).toBe('left');
  });

  it('the announcement stops when the operator answers; the caller hanging up frees the operator', async () => {
    const s = await start();
    const { h, clock } = s;
    h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'after', afterMs: 10 });
    await setOperator(h, 'op1', 'available');
    const { simId } = await callAndWait(s, '0507770002');
    await ringingLeg(h, 'PJSIP/op1');
    await clock.advanceAsync(10); // answered while the 30 ms "queue-position" recording plays
    await h.waitFor('bridged with op1', () => bridgedWith(h, simId).includes('PJSIP/op1'));
    // If the announcement began, it was cut.
    const announcement = h.view(simId).heard.find((x) => x.media === 'sound:cagri/az/queue-position');
    if (announcement) {
      await h.waitFor('announcement stopped', () => {
        const item = h.view(simId).heard.find((x) => x.playbackId === announcement.playbackId);
        return item && item.outcome !== 'playing';
      });
      expect(h.view(simId).heard.find((x) => x.playbackId === announcement.playbackId)?.outcome).toBe(
        'stopped',
      );
    }
    expect(heard(h, simId)).not.toContain('sound:cagri/az/say/1'); // the rest was not played over op1

    const leg = legsTo(h, 'PJSIP/op1')[0];
    h.sim.world.hangup(simId);
    await h.waitFor('op1 leg hung up', () => leg && h.view(leg.channelId).state === 'ended');
    await h.waitFor('op1 in wrap-up', () => opState(h, 'op1') === 'wrap-up');
  });
});
