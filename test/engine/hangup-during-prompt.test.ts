// A caller who hangs up while a prompt plays: Asterisk reports the hang-up first and then the
// prompt ending `failed`. That is the caller going, not a broken prompt: the call is recorded as
// ended by the caller, also during the closing "goodbye", which would otherwise look like the
// engine hanging up after it. (Needs the simulator's real hang-up order, as Asterisk records it.)
import { describe, expect, it } from 'vitest';
import {
  dial,
  finishPrompt,
  hangUp,
  LIVE,
  nowPlaying,
  press,
  snd,
  startMenuScenario,
} from './menu-scenario.ts';
import { engineCallId, useScenario } from './scenario.ts';

async function endOf(s: ReturnType<typeof useScenario>, number: string) {
  const callId = await engineCallId(s.h, number);
  return s.h.waitFor('call recorded as ended', async () => {
    const row = await s.h.cagri.db
      .selectFrom('calls')
      .select(['end_cause', 'outcome', 'ended_at'])
      .where('id', '=', callId)
      .executeTakeFirst();
    return row?.ended_at ? row : undefined;
  });
}

describe('hang-up during a prompt', () => {
  const s = useScenario(() => startMenuScenario(LIVE));

  it('during a menu prompt: ended by the caller', async () => {
    const number = '0509000001';
    const id = await dial(s, number);
    await finishPrompt(s, id);
    await press(s, id, '1');
    await nowPlaying(s, id, snd('az/appeals'));
    await hangUp(s, id);
    expect(await endOf(s, number)).toMatchObject({ end_cause: 'caller-hangup', outcome: 'caller-hung-up' });
  });

  it('during the closing goodbye: ended by the caller, not by the engine', async () => {
    const number = '0509000002';
    const id = await dial(s, number);
    await finishPrompt(s, id);
    await press(s, id, '*');
    await nowPlaying(s, id, snd('az/goodbye'));
    await hangUp(s, id);
    expect(await endOf(s, number)).toMatchObject({ end_cause: 'caller-hangup' });
  });
});
