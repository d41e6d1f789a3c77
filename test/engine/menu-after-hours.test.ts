// Outside live hours (Tuesday 20:00 in Baku): the after-hours menu answers, 0 leads to the
// callback offer since no operator is there, the callback flow reads the number back and books it,
// urgent matters still reach the queue, and the retry limit ends in a polite goodbye.
import { describe, expect, it } from 'vitest';
import {
  AFTER_HOURS,
  dial,
  ended,
  finishPrompt,
  hangUp,
  heard,
  hears,
  inQueue,
  nowPlaying,
  outcomeOf,
  press,
  snd,
  startMenuScenario,
  waiting,
} from './menu-scenario.ts';
import { useScenario } from './scenario.ts';

/** Say-module fragments in Azerbaijani (src/say): what replaced Asterisk's `digits:`. */
const az = (...names: string[]) => names.map((n) => `sound:cagri/az/say/${n}`);

describe('menus after hours', () => {
  const s = useScenario(() => startMenuScenario(AFTER_HOURS));

  it('plays the after-hours menu; 0 during it leads to the callback offer, not the queue', async () => {
    const id = await dial(s, '0504000001');
    await finishPrompt(s, id);
    expect(heard(s.h, id)).toEqual([snd('az/greeting'), snd('az/after-hours')]);
    await press(s, id, '0');
    await nowPlaying(s, id, snd('az/callback-offer'));
    expect(await waiting(s.h)).toEqual([]);
    await hangUp(s, id);
  });

  it('books a callback to the calling number: offer → 1 → read back → 1', async () => {
    const id = await dial(s, '0504000002');
    await press(s, id, '1');
    await nowPlaying(s, id, snd('az/callback-offer'));
    await press(s, id, '1');
    await nowPlaying(s, id, snd('az/callback-read-back'));
    await finishPrompt(s, id);
    expect(heard(s.h, id).slice(-10)).toEqual([
      snd('az/callback-read-back'),
      ...az('0', '50', '4', '100', '0', '0', '0', '2'), // sıfır əlli, dörd yüz, sıfır sıfır, sıfır iki
      snd('az/callback-confirm'),
    ]);
    await press(s, id, '1');
    // Booked (the callbacks runtime) or refused (no runtime yet): either way the caller is told.
    await s.h.waitFor('the booking answered', () =>
      heard(s.h, id).some((m) => m === snd('az/callback-booked') || m === snd('az/callback-refused')),
    );
    await finishPrompt(s, id);
    await ended(s, id);
  });

  it('0 as the first key of a keyed-in callback number goes back to the offer', async () => {
    const id = await dial(s, '0504000003');
    await press(s, id, '1');
    await nowPlaying(s, id, snd('az/callback-offer'));
    await press(s, id, '2');
    await nowPlaying(s, id, snd('az/callback-enter-number'));
    await press(s, id, '0');
    await nowPlaying(s, id, snd('az/callback-offer'));
    expect(outcomeOf(s.h, id, snd('az/callback-enter-number'))).toBe('stopped');
    // Within the number 0 is a digit: 50 123 40 00 is read back whole.
    await press(s, id, '2');
    await nowPlaying(s, id, snd('az/callback-enter-number'));
    await press(s, id, '501234000#');
    await nowPlaying(s, id, snd('az/callback-read-back'));
    await finishPrompt(s, id);
    expect(heard(s.h, id).slice(-9)).toEqual([
      snd('az/callback-read-back'),
      ...az('50', '100', '20', '3', '40', '0', '0'), // əlli, yüz iyirmi üç, qırx, sıfır sıfır
      snd('az/callback-confirm'),
    ]);
    await hangUp(s, id);
  });

  it('escalates an urgent matter at night: the caller waits as urgent', async () => {
    const id = await dial(s, '0504000004');
    await press(s, id, '3');
    expect(await inQueue(s, id)).toMatchObject({ urgent: true });
    await hangUp(s, id);
  });

  it('three silences: goodbye and hang up (no operator to give up to)', async () => {
    const id = await dial(s, '0504000005');
    for (let i = 0; i < 3; i++) {
      await finishPrompt(s, id);
      await s.clock.advanceAsync(6000);
    }
    await nowPlaying(s, id, snd('az/goodbye'));
    await finishPrompt(s, id);
    await ended(s, id);
    expect(heard(s.h, id).filter((m) => m === snd('az/no-input'))).toHaveLength(2);
    expect(await waiting(s.h)).toEqual([]);
  });

  it('three wrong keys: goodbye as well', async () => {
    const id = await dial(s, '0504000006');
    for (let i = 0; i < 3; i++) {
      const before = heard(s.h, id).length;
      await press(s, id, '5');
      await hears(s, id, i < 2 ? snd('az/invalid') : snd('az/goodbye'), before);
    }
    await finishPrompt(s, id);
    await ended(s, id);
  });
});
