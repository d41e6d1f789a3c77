// The operator queue on a real Asterisk with real phones: an operator who answers late while
// announcements play, ring timeout, busy and unreachable operators, a caller who gives up while a
// phone rings, and an operator who hangs up first. Audio is proven both ways where a call connects.
import { describe, expect, it } from 'vitest';
import { CITIZEN_NUMBER, editQueue, type RealHarness, TONES } from './real-harness.ts';
import { heardSound, heardTone, realTierSkip, useRealAsterisk } from './real-suite.ts';
import type { SipPhone } from './sip-phone.ts';

const LIVE = '2026-12-01T10:00:00+04:00';

/** The citizen calls 1655, hears the greeting start, and presses 0. */
async function callAndPressZero(h: RealHarness): Promise<void> {
  await h.citizen.dial('1655');
  await h.citizen.waitFor('CALL_ESTABLISHED', 10_000, 0);
  await heardSound(h, h.citizen, 1);
  await h.citizen.sendDtmf('0');
}

async function twoWayAudio(h: RealHarness, op: SipPhone): Promise<void> {
  await heardTone(h, op, TONES.citizen, 2);
  await heardTone(h, h.citizen, op.toneHz, 2);
}

async function lastCall(h: RealHarness) {
  await h.cagri.writes.idle();
  return h.waitFor('the call row ended', async () => {
    const row = (await h.api('GET', `/api/calls?number=${CITIZEN_NUMBER}`)).body.calls?.[0];
    return row?.ended_at ? row : undefined;
  });
}

describe.skipIf(realTierSkip())('the operator queue on a real Asterisk', () => {
  const suite = useRealAsterisk();

  it('an operator who answers after 8 s of ringing, while announcements play, is heard by the caller', async () => {
    const h = await suite.start({
      at: LIVE,
      phones: { op1: { kind: 'after', ms: 8000 } },
      login: ['op1'],
      editConfig: (d) => editQueue(d, { announceEverySec: 5, ringTimeoutSec: 20 }),
    });
    await callAndPressZero(h);
    const op1 = h.phone('op1');
    await op1.waitFor('CALL_INCOMING', 10_000, 0);
    await op1.waitFor('CALL_ESTABLISHED', 15_000, 0);
    await twoWayAudio(h, op1);
    await h.citizen.hangup();
  });

  it('ring timeout: the next operator is rung and answers, with two-way audio', async () => {
    const h = await suite.start({
      at: LIVE,
      phones: { op1: { kind: 'never' }, op2: { kind: 'auto' } },
      login: ['op1', 'op2'],
      editConfig: (d) => editQueue(d, { ringTimeoutSec: 5 }),
    });
    await callAndPressZero(h);
    const op1 = h.phone('op1');
    const op2 = h.phone('op2');
    await op1.waitFor('CALL_INCOMING', 10_000, 0);
    await op1.waitFor('CALL_CLOSED', 10_000, 0); // the engine gave up on op1 after 5 s
    await op2.waitFor('CALL_ESTABLISHED', 10_000, 0);
    await twoWayAudio(h, op2);
    const ops = (await h.api('GET', '/api/operators')).body.operators;
    expect(ops.find((o: { id: string }) => o.id === 'op1')).toMatchObject({ state: 'paused' });
    await h.citizen.hangup();
  });

  it('busy: an operator who rejects with 486 is skipped at once and the next one answers', async () => {
    const h = await suite.start({
      at: LIVE,
      phones: { op1: { kind: 'busy' }, op2: { kind: 'auto' } },
      login: ['op1', 'op2'],
    });
    await callAndPressZero(h);
    const op1 = h.phone('op1');
    const op2 = h.phone('op2');
    await op1.waitFor('CALL_INCOMING', 10_000, 0);
    await op2.waitFor('CALL_ESTABLISHED', 10_000, 0);
    await twoWayAudio(h, op2);
    const ops = (await h.api('GET', '/api/operators')).body.operators;
    expect(ops.find((o: { id: string }) => o.id === 'op1')?.state).not.toBe('paused');
    await h.citizen.hangup();
  });

  it('unreachable: an operator whose phone is not registered is skipped and the next one answers', async () => {
    const h = await suite.start({
      at: LIVE,
      phones: { op2: { kind: 'auto' } }, // op1 logged in but no phone registered
      login: ['op1', 'op2'],
    });
    await callAndPressZero(h);
    const op2 = h.phone('op2');
    await op2.waitFor('CALL_ESTABLISHED', 15_000, 0);
    await twoWayAudio(h, op2);
    await h.citizen.hangup();
  });

  it('the caller hangs up while the operator rings: the operator leg is hung up', async () => {
    const h = await suite.start({ at: LIVE, phones: { op1: { kind: 'never' } }, login: ['op1'] });
    await callAndPressZero(h);
    const op1 = h.phone('op1');
    await op1.waitFor('CALL_INCOMING', 10_000, 0);
    await h.citizen.hangup();
    await op1.waitFor('CALL_CLOSED', 5000, 0);
    expect(await lastCall(h)).toMatchObject({ end_cause: 'caller-hangup' });
  });

  it('the operator hangs up first: the caller is hung up and the call recorded as ended by the operator', async () => {
    const h = await suite.start({ at: LIVE, phones: { op1: { kind: 'auto' } }, login: ['op1'] });
    await callAndPressZero(h);
    const op1 = h.phone('op1');
    await op1.waitFor('CALL_ESTABLISHED', 10_000, 0);
    await twoWayAudio(h, op1);
    await op1.hangup();
    await h.citizen.waitFor('CALL_CLOSED', 5000, 0);
    expect(await lastCall(h)).toMatchObject({ end_cause: 'operator-hangup', outcome: 'operator' });
  });
});
