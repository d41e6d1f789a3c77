// Issue 11, gap 3: live or after hours is decided when the caller asks for an operator, not when
// the call arrived. A caller still in the menu at 18:00:01 who presses 0 hears the callback offer
// (the operators have gone home); one who presses 0 at 17:59:59 joins the queue.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  dial,
  finishPrompt,
  hangUp,
  heard,
  inQueue,
  nowPlaying,
  press,
  snd,
  startMenuScenario,
  waiting,
} from './menu-scenario.ts';
import { scenarioPerTest } from './scenario.ts';

describe('hours decided when they matter', () => {
  const start = scenarioPerTest((at: string) => startMenuScenario(at));

  it('a caller who arrived at 17:59:56 and presses 0 after 18:00 gets the callback offer', async () => {
    const s = await start('2026-12-01T17:59:56+04:00');
    const id = await dial(s, '0506000001');
    await finishPrompt(s, id); // the greeting: 2 s
    expect(heard(s.h, id)).toEqual([snd('az/greeting'), snd('az/main-menu')]); // the live menu
    await s.clock.advanceAsync(2100); // 18:00:00.1, the main menu still playing
    await press(s, id, '0');
    await nowPlaying(s, id, snd('az/callback-offer'));
    expect(await waiting(s.h)).toEqual([]);
    await hangUp(s, id);
  });

  it('pressing 0 before 18:00 still reaches the queue', async () => {
    const s = await start('2026-12-01T17:59:50+04:00');
    const id = await dial(s, '0506000002');
    await finishPrompt(s, id);
    await press(s, id, '0');
    expect((await inQueue(s, id)).urgent).toBe(false);
    await hangUp(s, id);
  });
});

describe('nobody logged in', () => {
  const start = scenarioPerTest(() =>
    startMenuScenario(undefined, {
      editConfig: (dir) => {
        const file = path.join(dir, 'queues.yaml');
        writeFileSync(
          file,
          readFileSync(file, 'utf8').replace('nobodyLoggedIn: wait', 'nobodyLoggedIn: offer-callback'),
        );
      },
    }),
  );

  it('0 with no operator logged in leads to the callback offer at once, not to an endless wait', async () => {
    const s = await start();
    const id = await dial(s, '0506000003');
    await finishPrompt(s, id);
    await press(s, id, '0');
    await nowPlaying(s, id, snd('az/callback-offer'));
    expect(await waiting(s.h)).toEqual([]);
    await hangUp(s, id);
  });

  it('an urgent caller still waits (the duty phone covers them)', async () => {
    const s = await start();
    const id = await dial(s, '0506000004');
    await finishPrompt(s, id);
    await press(s, id, '3');
    expect((await inQueue(s, id)).urgent).toBe(true);
    await hangUp(s, id);
  });
});
