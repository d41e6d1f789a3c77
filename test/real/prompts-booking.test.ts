// Prompts on a real Asterisk: after hours the caller books a callback and hears the number read
// back, and a key pressed while the digits are being said stops them at once (barge-in on a
// multi-item playback); a caller who hangs up during a prompt is recorded as having hung up.
import { describe, expect, it } from 'vitest';
import { type AriEvent, observeAri } from './ari-observer.ts';
import { CITIZEN_NUMBER, type RealHarness } from './real-harness.ts';
import { heardSound, realTierSkip, useRealAsterisk } from './real-suite.ts';

const LIVE = '2026-12-01T10:00:00+04:00';
// A Saturday night in Baku: the next opening is Monday 7 December, 09:00 (05:00 UTC).
const SATURDAY_NIGHT = '2026-12-05T22:00:00+04:00';

const isPlayback = (e: AriEvent) => e.type === 'PlaybackStarted' || e.type === 'PlaybackContinuing';
const media = (e: AriEvent): string => e.body.playback?.media_uri ?? '';

async function endedCall(h: RealHarness) {
  return h.waitFor('the call row ended', async () => {
    await h.cagri.writes.idle();
    const row = (await h.api('GET', `/api/calls?number=${CITIZEN_NUMBER}`)).body.calls?.[0];
    return row?.ended_at ? row : undefined;
  });
}

describe.skipIf(realTierSkip())('prompts and booking on a real Asterisk', () => {
  const suite = useRealAsterisk();

  it('after hours: booking with the number read back; 1 during the digits stops them at once', async () => {
    const h = await suite.start({ at: SATURDAY_NIGHT, phones: {}, login: [] });
    const obs = await observeAri(h.ast);
    try {
      await h.citizen.dial('1655');
      await h.citizen.waitFor('CALL_ESTABLISHED', 10_000, 0);
      await heardSound(h, h.citizen, 1);
      await h.citizen.sendDtmf('1'); // after-hours menu: 1 = book a callback
      await obs.waitFor(
        'the callback offer',
        (e) => isPlayback(e) && media(e).includes('callback-offer'),
        20_000,
      );
      await h.citizen.sendDtmf('1'); // on the number I am calling from
      // The number is read back as say-module fragments (cagri/<lang>/say/...), then the confirm question.
      await obs.waitFor('the number read back', (e) => isPlayback(e) && media(e).includes('/say/'), 20_000);
      const mark = obs.events.length;
      await h.citizen.sendDtmf('1'); // "if this is right, press 1", pressed while the digits play
      const dtmf = await obs.waitFor(
        'the key reaching Asterisk',
        (e) => e.type === 'ChannelDtmfReceived' && e.body.digit === '1',
        5000,
        mark,
      );
      const bookedMessage = await obs.waitFor(
        'the booked message',
        (e) => isPlayback(e) && media(e).includes('callback-booked'),
        15_000,
        mark,
      );
      // Barge-in: the rest of the number and the question are not played after the key.
      const after = obs.events.slice(mark).filter((e) => e.at > dtmf.at + 300 && e.at < bookedMessage.at);
      expect(after.filter((e) => isPlayback(e)).map(media)).toEqual([]);
      expect(bookedMessage.at - dtmf.at).toBeLessThan(1500);
      const booked = await h.waitFor('the booking', async () => {
        const list = (await h.api('GET', '/api/callbacks')).body.callbacks ?? [];
        return list.find(
          (c: { kind: string; number: string }) => c.kind === 'booked' && c.number === '+994501234567',
        );
      });
      expect(booked.dueFrom).toBe('2026-12-07T05:00:00.000Z');
      await obs.waitFor(
        'the booked message',
        (e) => isPlayback(e) && media(e).includes('callback-booked'),
        5000,
        mark,
      );
      await h.citizen.hangup();
    } finally {
      obs.close();
    }
  });

  it('hanging up during the greeting is recorded as the caller’s hang-up', async () => {
    const h = await suite.start({ at: LIVE, phones: {}, login: [] });
    await h.citizen.dial('1655');
    await h.citizen.waitFor('CALL_ESTABLISHED', 10_000, 0);
    await heardSound(h, h.citizen, 1);
    await h.citizen.hangup();
    expect(await endedCall(h)).toMatchObject({ end_cause: 'caller-hangup' });
  });

  it('hanging up during the goodbye prompt is recorded as the caller’s hang-up', async () => {
    const h = await suite.start({ at: LIVE, phones: {}, login: [] });
    const obs = await observeAri(h.ast);
    try {
      await h.citizen.dial('1655');
      await h.citizen.waitFor('CALL_ESTABLISHED', 10_000, 0);
      await heardSound(h, h.citizen, 1);
      await h.citizen.sendDtmf('*'); // main menu: * = end the call, with a goodbye
      await obs.waitFor('the goodbye prompt', (e) => isPlayback(e) && media(e).includes('/goodbye'), 20_000);
      await h.citizen.hangup();
      expect(await endedCall(h)).toMatchObject({ end_cause: 'caller-hangup' });
    } finally {
      obs.close();
    }
  });
});
