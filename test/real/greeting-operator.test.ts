// A citizen calls 1655 through the carrier trunk on a real Asterisk: hears the greeting, walks
// the menu with RFC 4733 keys, and 0 (pressed during a prompt, two levels down) puts them
// through to an operator; both sides hear each other's tone.
import { describe, expect, it } from 'vitest';
import { CITIZEN_NUMBER, TONES } from './real-harness.ts';
import {
  heardSound,
  heardTone,
  moreSound,
  operatorAnswered,
  realTierSkip,
  useRealAsterisk,
} from './real-suite.ts';

// A Tuesday morning in Baku: live hours.
const LIVE = '2026-12-01T10:00:00+04:00';

describe.skipIf(realTierSkip())('greeting and 0 → operator on a real Asterisk', () => {
  const suite = useRealAsterisk();

  it('the citizen hears the greeting', async () => {
    const h = await suite.start({ at: LIVE });
    await h.citizen.dial('1655');
    await h.citizen.waitFor('CALL_ESTABLISHED', 10_000, 0);
    expect(await heardSound(h, h.citizen, 3)).toBeGreaterThanOrEqual(3);
    const calls = await h.waitFor('the call in /api/calls', async () => {
      const res = await h.api('GET', '/api/calls?limit=5');
      return res.body.calls?.length ? res.body.calls : undefined;
    });
    expect(calls[0]).toMatchObject({ caller_number: CITIZEN_NUMBER, dialled_number: '1655' });
    await h.citizen.hangup();
  });

  it('0 pressed during a prompt at depth 2 connects an operator, with two-way audio', async () => {
    const h = await suite.start({ at: LIVE });
    await h.citizen.dial('1655');
    await h.citizen.waitFor('CALL_ESTABLISHED', 10_000, 0);
    await heardSound(h, h.citizen, 1.5); // the greeting is playing
    await h.citizen.sendDtmf('1'); // appeals (depth 2)
    await moreSound(h, h.citizen, 1); // its prompt is playing
    await h.citizen.sendDtmf('0');
    const op = await operatorAnswered(h);
    await heardTone(h, op, TONES.citizen, 2);
    await heardTone(h, h.citizen, op.toneHz, 2);
    await h.citizen.hangup();
    await op.waitFor('CALL_CLOSED', 10_000, 0);
  });
});
