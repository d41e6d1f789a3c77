// Every menu action of the example config, walked by a caller on the simulator in live hours:
// goto, play-then-return, operator, callback, urgent, language, back, repeat, goodbye, refer.
import { describe, expect, it } from 'vitest';
import {
  dial,
  ended,
  finishPrompt,
  hangUp,
  heard,
  hears,
  inQueue,
  LIVE,
  nowPlaying,
  outcomeOf,
  press,
  setOperator,
  snd,
  startMenuScenario,
} from './menu-scenario.ts';
import { useScenario } from './scenario.ts';

describe('menu actions in live hours', () => {
  const s = useScenario(() => startMenuScenario(LIVE));

  it('greets, plays the root menu, and goes to a submenu', async () => {
    const id = await dial(s, '0501000001');
    expect(heard(s.h, id)[0]).toBe(snd('az/greeting'));
    await finishPrompt(s, id);
    expect(heard(s.h, id)).toEqual([snd('az/greeting'), snd('az/main-menu')]);
    expect(outcomeOf(s.h, id, snd('az/main-menu'))).toBe('played');
    await press(s, id, '1');
    await hears(s, id, snd('az/appeals'));
    await hangUp(s, id);
  });

  it('plays information, then returns to the same menu; * goes back', async () => {
    const id = await dial(s, '0501000002');
    await finishPrompt(s, id);
    await press(s, id, '2');
    await nowPlaying(s, id, snd('az/info'));
    await press(s, id, '1');
    await nowPlaying(s, id, snd('az/info-hours'));
    await finishPrompt(s, id);
    await nowPlaying(s, id, snd('az/info')); // back at the info menu, not the root
    const before = heard(s.h, id).length;
    await press(s, id, '*');
    await hears(s, id, snd('az/main-menu'), before);
    await hangUp(s, id);
  });

  it('repeats the menu on 9 and says goodbye on *', async () => {
    const id = await dial(s, '0501000003');
    await finishPrompt(s, id);
    await press(s, id, '9');
    await nowPlaying(s, id, snd('az/main-menu'));
    expect(heard(s.h, id).filter((m) => m === snd('az/main-menu'))).toHaveLength(2);
    await press(s, id, '*');
    await nowPlaying(s, id, snd('az/goodbye'));
    await finishPrompt(s, id);
    await ended(s, id);
    expect(s.h.view(id).endedBy).not.toBe('caller');
  });

  it('connects to an operator: appeals → complaint → 2 rings op1 and bridges the caller', async () => {
    await setOperator(s.h, 'op1', 'available');
    try {
      const id = await dial(s, '0501000004');
      await press(s, id, '1');
      await nowPlaying(s, id, snd('az/appeals'));
      await press(s, id, '1');
      await nowPlaying(s, id, snd('az/complaint'));
      await press(s, id, '2');
      await s.h.waitFor('op1 ringing', () =>
        s.h.sim.world.listOriginations().some((o) => o.endpoint === 'PJSIP/op1' && o.result === 'ringing'),
      );
      await s.clock.advanceAsync(1000); // the unscripted phone answers after 1 s
      await s.h.waitFor('caller bridged with op1', () =>
        s.h.view(id).bridgedWith.some((b) => b.endpoint === 'PJSIP/op1'),
      );
      await hangUp(s, id);
    } finally {
      await setOperator(s.h, 'op1', 'offline');
    }
  });

  it('offers a callback in live hours on 4; * returns to the menu it came from', async () => {
    const id = await dial(s, '0501000005');
    await press(s, id, '4');
    await nowPlaying(s, id, snd('az/callback-offer'));
    await press(s, id, '*');
    await nowPlaying(s, id, snd('az/main-menu'));
    await hangUp(s, id);
  });

  it('escalates an urgent matter: the caller waits as urgent', async () => {
    const id = await dial(s, '0501000006');
    await press(s, id, '3');
    const row = await inQueue(s, id);
    expect(row.urgent).toBe(true);
    await hangUp(s, id);
  });

  it('changes the language: prompts switch to Russian, and the queue knows it', async () => {
    const id = await dial(s, '0501000007');
    await press(s, id, '8');
    await nowPlaying(s, id, snd('az/language'));
    await press(s, id, '2');
    await nowPlaying(s, id, snd('ru/main-menu')); // back where the caller came from, in Russian
    await press(s, id, '2');
    await nowPlaying(s, id, snd('ru/info'));
    await press(s, id, '0');
    const row = await inQueue(s, id);
    expect(row).toMatchObject({ language: 'ru', urgent: false });
    await hangUp(s, id);
  });

  it('refers to another body: its number is read out, then goodbye', async () => {
    const id = await dial(s, '0501000008');
    for (const [key, node] of [
      ['1', 'appeals'],
      ['3', 'other-bodies'],
    ] as const) {
      await press(s, id, key);
      await nowPlaying(s, id, snd(`az/${node}`));
    }
    await press(s, id, '2');
    await nowPlaying(s, id, snd('az/refer-labour'));
    await finishPrompt(s, id);
    await ended(s, id);
    expect(heard(s.h, id).slice(-5)).toEqual([
      snd('az/refer-labour'),
      ...['100', '40', '2'].map((f) => snd(`az/say/${f}`)), // yüz qırx iki
      snd('az/goodbye'),
    ]);
  });

  it('refers with a transfer: the trunk leg to the other body is dialled', async () => {
    const id = await dial(s, '0501000009');
    await press(s, id, '1');
    await nowPlaying(s, id, snd('az/appeals'));
    await press(s, id, '3');
    await nowPlaying(s, id, snd('az/other-bodies'));
    await press(s, id, '1');
    await nowPlaying(s, id, snd('az/refer-asan'));
    await finishPrompt(s, id);
    expect(heard(s.h, id).slice(-3)).toEqual([snd('az/refer-asan'), snd('az/say/100'), snd('az/say/8')]);
    const leg = await s.h.waitFor('trunk leg ringing', () =>
      s.h.sim.world.listOriginations().find((o) => o.endpoint === 'PJSIP/trunk' && o.result === 'ringing'),
    );
    expect(leg.dialString).toBe('PJSIP/108@trunk');
    await s.clock.advanceAsync(1000);
    await s.h.waitFor('caller bridged with the trunk', () =>
      s.h.view(id).bridgedWith.some((b) => b.endpoint === 'PJSIP/trunk'),
    );
    await hangUp(s, id);
  });
});
