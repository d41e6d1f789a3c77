// "At any stage of the voice menu, pressing 0 connects the caller to an operator": from the root,
// three levels down, while a prompt plays (barge-in), as the first key of a multi-digit entry —
// and, once waiting, 0 only reassures. Inside an entry 0 is a digit, since numbers contain zeros.
import { describe, expect, it } from 'vitest';
import {
  dial,
  finishPrompt,
  hangUp,
  heard,
  hears,
  inQueue,
  LIVE,
  type MenuScenario,
  nowPlaying,
  outcomeOf,
  press,
  snd,
  startMenuScenario,
  waiting,
} from './menu-scenario.ts';
import { useScenario } from './scenario.ts';

/** main → appeals → complaint → appeal-status (an input node, depth 3). */
async function toAppealStatus(s: MenuScenario, id: string): Promise<void> {
  for (const [key, node] of [
    ['1', 'appeals'],
    ['1', 'complaint'],
    ['3', 'appeal-number'],
  ] as const) {
    await press(s, id, key);
    await nowPlaying(s, id, snd(`az/${node}`));
  }
}

describe('0 in live hours', () => {
  const s = useScenario(() => startMenuScenario(LIVE));

  it('from the root, during the greeting: the prompt stops at once and the caller waits for an operator', async () => {
    const id = await dial(s, '0502000001');
    await nowPlaying(s, id, snd('az/greeting'));
    await press(s, id, '0');
    await inQueue(s, id);
    expect(outcomeOf(s.h, id, snd('az/greeting'))).toBe('stopped');
    expect(heard(s.h, id)).not.toContain(snd('az/main-menu'));
    await hangUp(s, id);
  });

  it('from depth 3, after the prompt ended, while the menu waits for a key', async () => {
    const id = await dial(s, '0502000002');
    await toAppealStatus(s, id);
    await finishPrompt(s, id);
    await press(s, id, '0');
    await inQueue(s, id);
    await hangUp(s, id);
  });

  it('from depth 3 during the prompt (barge-in)', async () => {
    const id = await dial(s, '0502000003');
    await toAppealStatus(s, id);
    await press(s, id, '0');
    await inQueue(s, id);
    expect(outcomeOf(s.h, id, snd('az/appeal-number'))).toBe('stopped');
    await hangUp(s, id);
  });

  it('inside a multi-digit entry 0 is a digit; as its first key it is the operator', async () => {
    const id = await dial(s, '0502000004');
    await toAppealStatus(s, id);
    // Type-ahead over the prompt: "120#" is the entry 120 (its 0 a digit); no appeal has it.
    const before = heard(s.h, id).length;
    await press(s, id, '120#');
    await hears(s, id, snd('az/appeal-not-found'), before);
    expect(await waiting(s.h)).toEqual([]);
    await nowPlaying(s, id, snd('az/appeal-not-found'));
    await press(s, id, '0'); // a fresh entry: 0 first = the operator
    await inQueue(s, id);
    await hangUp(s, id);
  });

  it('once waiting, 0 says "you are already waiting" and keeps the place', async () => {
    const id = await dial(s, '0502000005');
    await press(s, id, '0');
    await inQueue(s, id);
    const before = heard(s.h, id).length;
    await press(s, id, '0');
    await finishPrompt(s, id); // the queue's own position announcement goes first
    await hears(s, id, snd('az/already-waiting'), before);
    expect(await waiting(s.h)).toHaveLength(1);
    await hangUp(s, id);
  });
});
