// Wrong keys and silences in live hours: the caller is told and asked again, and past the node's
// retry limit a person takes over. Input nodes finish on `#` or on a pause between digits.
import { describe, expect, it } from 'vitest';
import {
  dial,
  finishPrompt,
  hangUp,
  heard,
  hears,
  inQueue,
  LIVE,
  nowPlaying,
  outcomeOf,
  press,
  snd,
  startMenuScenario,
  waiting,
} from './menu-scenario.ts';
import { useScenario } from './scenario.ts';

describe('invalid input and timeouts in live hours', () => {
  const s = useScenario(() => startMenuScenario(LIVE));

  it('silence re-prompts twice (timeoutSec 6, maxRetries 2), then the operator', async () => {
    const id = await dial(s, '0503000001');
    for (let i = 1; i <= 2; i++) {
      await finishPrompt(s, id);
      const before = heard(s.h, id).length;
      await s.clock.advanceAsync(5900);
      expect(heard(s.h, id)).toHaveLength(before); // not yet
      await s.clock.advanceAsync(100);
      await hears(s, id, snd('az/no-input'), before);
      await nowPlaying(s, id, snd('az/no-input'));
      expect(heard(s.h, id).slice(before)).toEqual([snd('az/no-input')]);
    }
    await finishPrompt(s, id);
    expect(await waiting(s.h)).toEqual([]);
    await s.clock.advanceAsync(6000);
    await inQueue(s, id);
    await hangUp(s, id);
  });

  it("a wrong key plays the node's own invalid prompt (or the service's) and the menu again", async () => {
    const id = await dial(s, '0503000002');
    let before = heard(s.h, id).length;
    await press(s, id, '7'); // not an option of main
    await nowPlaying(s, id, snd('az/invalid'));
    expect(heard(s.h, id).slice(before)).toEqual([snd('az/invalid')]);
    await finishPrompt(s, id);
    expect(heard(s.h, id).slice(-2)).toEqual([snd('az/invalid'), snd('az/main-menu')]);
    await press(s, id, '1');
    await nowPlaying(s, id, snd('az/appeals'));
    await press(s, id, '1');
    await nowPlaying(s, id, snd('az/complaint'));
    before = heard(s.h, id).length;
    await press(s, id, '#');
    await hears(s, id, snd('az/complaint-invalid'), before);
    await hangUp(s, id);
  });

  it('three wrong keys at a node: the operator takes over', async () => {
    const id = await dial(s, '0503000003');
    await press(s, id, '7');
    await nowPlaying(s, id, snd('az/invalid'));
    await press(s, id, '7');
    await nowPlaying(s, id, snd('az/invalid'));
    expect(await waiting(s.h)).toEqual([]);
    await press(s, id, '7');
    await inQueue(s, id);
    await hangUp(s, id);
  });

  it('an entry ends on a pause between digits (interDigitTimeoutSec 4) and goes on to its next action', async () => {
    const id = await dial(s, '0503000004');
    for (const [key, node] of [
      ['1', 'appeals'],
      ['1', 'complaint'],
      ['3', 'appeal-number'],
    ] as const) {
      await press(s, id, key);
      await nowPlaying(s, id, snd(`az/${node}`));
    }
    await press(s, id, '2026');
    expect(outcomeOf(s.h, id, snd('az/appeal-number'))).toBe('stopped');
    const before = heard(s.h, id).length;
    await s.clock.advanceAsync(3900);
    expect(heard(s.h, id).length).toBe(before);
    await s.clock.advanceAsync(100);
    // Its next action: the appeal status lookup (no appeal 2026 this year: said so, asked again).
    await hears(s, id, snd('az/appeal-not-found'), before);
    await hangUp(s, id);
  });
});
