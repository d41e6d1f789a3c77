// Urgent matters, referrals and failures on a real Asterisk: an urgent caller reaches the duty
// phone; a referral puts the caller through to another body's number over the trunk;
// Asterisk restarted under the engine is reconnected to, and a caller queued after it hears the
// music on hold and reaches an operator. The engine killed mid-queue: engine-crash.test.ts.
import { describe, expect, it } from 'vitest';
import { OperatorId } from '../../src/domain/ids.ts';
import { type AriEvent, observeAri } from './ari-observer.ts';
import { toneSeconds } from './audio-check.ts';
import { CITIZEN_NUMBER, editQueue, type RealHarness, TONES } from './real-harness.ts';
import { heardSound, heardTone, moreSound, realTierSkip, useRealAsterisk } from './real-suite.ts';

const LIVE = '2026-12-01T10:00:00+04:00';

async function callIn(h: RealHarness): Promise<number> {
  const since = h.citizen.mark();
  await h.citizen.dial('1655');
  await h.citizen.waitFor('CALL_ESTABLISHED', 10_000, since);
  await heardSound(h, h.citizen, 1);
  return since;
}

describe.skipIf(realTierSkip())('urgent, referral and restarts on a real Asterisk', () => {
  const suite = useRealAsterisk();

  it('urgent (3 in the main menu) reaches the duty phone when no operator answers, with two-way audio', async () => {
    const h = await suite.start({
      at: LIVE,
      phones: { duty: { kind: 'auto' } },
      login: [],
      editConfig: (d) =>
        editQueue(d, { urgent: { webhookRetries: 0, dutyEndpoint: 'PJSIP/duty', dutyAfterSec: 2 } }),
    });
    await callIn(h);
    await h.citizen.sendDtmf('3');
    const duty = h.phone('duty');
    await duty.waitFor('CALL_ESTABLISHED', 20_000, 0);
    await heardTone(h, duty, TONES.citizen, 2);
    await heardTone(h, h.citizen, TONES.duty, 2);
    await h.citizen.hangup();
  });

  it('refer with transfer: the caller is put through to 108 over the trunk and both hear each other', async () => {
    const h = await suite.start({ at: LIVE, phones: {}, login: [], citizenAlsoAnswers: ['108'] });
    await callIn(h);
    await h.citizen.sendDtmf('1'); // appeals
    await moreSound(h, h.citizen, 1);
    await h.citizen.sendDtmf('3'); // another public body
    await moreSound(h, h.citizen, 1);
    await h.citizen.sendDtmf('1'); // ASAN xidmət: announcement, then put through to PJSIP/108@trunk
    await h.citizen.waitFor('CALL_INCOMING', 30_000, 0); // the carrier side receives the call for 108
    const [citizenLeg, transferLeg] = await h.waitFor('two calls recorded at the carrier', () => {
      const r = h.citizen.recordings();
      return r.length >= 2 ? r : undefined;
    });
    // One phone plays both ends here, each sending the citizen's tone: each end must hear it.
    await h.waitFor(
      'audio both ways across the transfer',
      () => toneSeconds(transferLeg!, TONES.citizen) >= 2 && toneSeconds(citizenLeg!, TONES.citizen) >= 2,
      15_000,
    );
  });

  it('Asterisk restarted under the engine: a caller queued after it hears the music and reaches an operator', async () => {
    const h = await suite.start({ at: LIVE, phones: { op1: { kind: 'auto' } }, login: [] });
    const waiting = async () => (await h.api('GET', '/api/queue')).body.waiting?.length ?? 0;
    // Music on the caller's own channel: no holding bridge (a play into one can keep a channel
    // that hung up alive for 600 s), and every bridge event no longer carries every waiting caller.
    const bridged = (e: AriEvent) => e.type === 'ChannelEnteredBridge';
    const before = await observeAri(h.ast);
    try {
      await callIn(h);
      await h.citizen.sendDtmf('0');
      await h.waitFor('the first caller waiting', async () => (await waiting()) === 1);
      await moreSound(h, h.citizen, 6); // the announcement, then music on hold: nobody is logged in
      expect(before.events.filter(bridged)).toEqual([]);
      await h.citizen.hangup();
    } finally {
      before.close();
    }
    await h.waitFor('the first caller gone from the queue', async () => (await waiting()) === 0);

    const seen: string[] = [];
    const unsubscribe = h.cagri.telephony.onEvent((e) => {
      if (e.type === 'disconnected') seen.push('disconnected');
      if (e.type === 'connected') seen.push(e.reconnect ? 'reconnected' : 'connected');
    });
    await h.ast.restart();
    await h.waitFor('the engine reconnected', () => seen.includes('reconnected'), 30_000);
    unsubscribe();
    expect(seen[0]).toBe('disconnected');

    // A new caller after the restart is held and put through as before.
    const after = await observeAri(h.ast);
    try {
      await callIn(h);
      await h.citizen.sendDtmf('0');
      await h.waitFor('the new caller waiting', async () => (await waiting()) === 1);
      await moreSound(h, h.citizen, 6); // the announcement, then the music
      h.cagri.queue.operatorCommand(OperatorId('op1'), { kind: 'login' });
      const op1 = h.phone('op1');
      await op1.waitFor('CALL_ESTABLISHED', 20_000, 0);
      const caller = (e: AriEvent) => bridged(e) && e.body.channel?.caller?.number === CITIZEN_NUMBER;
      const entered = await after.waitFor('the caller bridged with op1', caller, 15_000);
      expect(entered.body.bridge.bridge_type).toBe('mixing');
      await heardTone(h, op1, TONES.citizen, 2);
      await heardTone(h, h.citizen, TONES.op1, 2);
      await h.citizen.hangup();
    } finally {
      after.close();
    }
  });
});
