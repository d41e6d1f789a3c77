// A failed refer-with-transfer no longer hangs up on the caller: they hear an apology and are back
// at the menu node they came from, on the simulator (the other body's number is busy, or never
// answers).
import { describe, expect, it } from 'vitest';
import {
  dial,
  finishPrompt,
  hangUp,
  heard,
  LIVE,
  nowPlaying,
  press,
  snd,
  startMenuScenario,
} from '../engine/menu-scenario.ts';
import { useScenario } from '../engine/scenario.ts';

describe('a failed transfer', () => {
  const s = useScenario(() => startMenuScenario(LIVE));

  async function toAsan(id: string): Promise<void> {
    await press(s, id, '1');
    await nowPlaying(s, id, snd('az/appeals'));
    await press(s, id, '3');
    await nowPlaying(s, id, snd('az/other-bodies'));
    await press(s, id, '1');
    await nowPlaying(s, id, snd('az/refer-asan'));
    await finishPrompt(s, id);
  }

  it.each([
    ['busy', { answer: 'busy' } as const, 0],
    ['no answer', { answer: 'never' } as const, 56_000],
  ])('(%s) returns the caller to the menu with an apology', async (_label, script, ringMs) => {
    s.h.sim.world.scriptEndpoint('PJSIP', '108@trunk', script);
    const id = await dial(s, ringMs ? '0501000021' : '0501000022');
    await toAsan(id);
    await s.h.waitFor('transfer leg dialled', () =>
      s.h.sim.world.listOriginations().find((o) => o.dialString === 'PJSIP/108@trunk' && o.endedAt === null),
    );
    if (ringMs) await s.clock.advanceAsync(ringMs);
    await nowPlaying(s, id, snd('az/transfer-failed'));
    await finishPrompt(s, id); // the apology, then the node the refer was chosen at
    expect(heard(s.h, id).slice(-2)).toEqual([snd('az/transfer-failed'), snd('az/other-bodies')]);
    expect(s.h.view(id).state).not.toBe('hungup');
    // The menu works again: * goes back.
    await press(s, id, '*');
    await nowPlaying(s, id, snd('az/appeals'));
    await hangUp(s, id);
  });
});
