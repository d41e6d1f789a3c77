// Closing time and language overflow through the whole stack on the simulator (FakeClock):
// a caller still waiting at 18:00:00 is taken into the callback offer and books the next working
// day; with serve-until-empty they keep waiting; an English caller no logged-in operator speaks
// is put through to any operator after overflowAfterSec.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bridgedWith,
  callAndWait,
  heard,
  isWaiting,
  press,
  ringingLeg,
  setOperator,
  setQueueOption,
  startScenario,
} from '../engine/queue-scenario.ts';
import { scenarioPerTest } from '../engine/scenario.ts';
import type { Harness } from '../support/engine-harness.ts';

const OFFER = 'sound:cagri/az/callback-offer';

function queueOption(key: string, value: string | number) {
  return (dir: string) => {
    const file = path.join(dir, 'queues.yaml');
    writeFileSync(file, setQueueOption(readFileSync(file, 'utf8'), key, value));
  };
}

async function bookedCallback(h: Harness, number: string) {
  return h.cagri.db
    .selectFrom('callbacks')
    .select(['kind', 'number', 'due_from'])
    .where('kind', '=', 'booked')
    .where('number', '=', number)
    .executeTakeFirst();
}

describe('closing time on the simulator', () => {
  const start = scenarioPerTest((atClosing: string) =>
    startScenario({ at: '2026-12-01T17:59:00+04:00', editConfig: queueOption('atClosing', atClosing) }),
  );

  it('offer-callback: at 18:00:00 the waiting caller hears the offer, keys 1, 1 and is booked for 09:00 tomorrow', async () => {
    const s = await start('offer-callback');
    const { h, clock } = s;
    h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'never' });
    await setOperator(h, 'op1', 'available');
    const { simId, callId } = await callAndWait(s, '0501130001');
    const untilSix = Date.parse('2026-12-01T18:00:00+04:00') - clock.now();
    await clock.advanceAsync(untilSix - 1);
    expect(isWaiting(h, callId)).toBe(true);
    expect(heard(h, simId)).not.toContain(OFFER);
    await clock.advanceAsync(1);
    await h.waitFor('the callback offer', () => heard(h, simId).includes(OFFER));
    expect(isWaiting(h, callId)).toBe(false);
    await press(s, simId, '1');
    await h.waitFor('read back', () => heard(h, simId).includes('sound:cagri/az/callback-read-back'));
    for (let i = 0; i < 20 && !heard(h, simId).includes('sound:cagri/az/callback-confirm'); i++)
      await clock.advanceAsync(100);
    await h.waitFor('confirm', () => heard(h, simId).includes('sound:cagri/az/callback-confirm'));
    await press(s, simId, '1');
    const row = await h.waitFor('the booking', () => bookedCallback(h, '+994501130001'));
    expect(new Date(row.due_from).toISOString()).toBe('2026-12-02T05:00:00.000Z'); // 09:00 in Baku
    // The queue entry is written under its own key: it may land a round after the booking.
    const entry = await h.waitFor('the queue entry closed', () =>
      h.cagri.db
        .selectFrom('queue_entries')
        .select(['state'])
        .where('call_id', '=', callId)
        .where('state', '!=', 'waiting')
        .executeTakeFirst(),
    );
    expect(entry.state).toBe('left');
  });

  it('serve-until-empty: the caller keeps waiting after 18:00', async () => {
    const s = await start('serve-until-empty');
    const { h, clock } = s;
    h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'never' });
    await setOperator(h, 'op1', 'available');
    const { simId, callId } = await callAndWait(s, '0501130002');
    await clock.advanceAsync(120_000);
    expect(isWaiting(h, callId)).toBe(true);
    expect(heard(h, simId)).not.toContain(OFFER);
  });
});

describe('language overflow on the simulator', () => {
  const start = scenarioPerTest(() => startScenario({ editConfig: queueOption('overflowAfterSec', 30) }));

  it('an English caller, only op1 (az, ru) logged in: op1 is rung after 30 s, not before', async () => {
    const s = await start();
    const { h, clock } = s;
    h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'after', afterMs: 1000 });
    await setOperator(h, 'op1', 'available');
    // 8 → language menu, 3 → English, then 0.
    const { simId } = await callAndWait(s, '0501130003', '830');
    await clock.advanceAsync(29_000);
    expect(h.sim.world.listOriginations().filter((o) => o.endpoint === 'PJSIP/op1')).toHaveLength(0);
    await clock.advanceAsync(1000);
    await ringingLeg(h, 'PJSIP/op1');
    await clock.advanceAsync(1000);
    await h.waitFor('bridged with op1', () => bridgedWith(h, simId).includes('PJSIP/op1'));
  });
});
