// Urgent until a person answers, on a real Asterisk with real SIP phones: nobody answers the
// urgent caller, so the escalation ladder is rung — rung 1 (op3's phone) rings out, rung 2 (the
// duty phone) answers and hears the caller's tone, and the caller hears the duty phone's.
import { describe, expect, it } from 'vitest';
import { editQueue, type RealHarness, TONES } from './real-harness.ts';
import { heardSound, heardTone, realTierSkip, useRealAsterisk } from './real-suite.ts';

const LIVE = '2026-12-01T10:00:00+04:00';

async function callIn(h: RealHarness): Promise<void> {
  const since = h.citizen.mark();
  await h.citizen.dial('1655');
  await h.citizen.waitFor('CALL_ESTABLISHED', 10_000, since);
  await heardSound(h, h.citizen, 1);
}

describe.skipIf(realTierSkip())('the urgent escalation ladder on a real Asterisk', () => {
  const suite = useRealAsterisk();

  it('rung 1 does not answer; rung 2 answers, is bridged with the caller, and both hear each other', async () => {
    const h = await suite.start({
      at: LIVE,
      phones: { op3: { kind: 'never' }, duty: { kind: 'auto' } },
      login: [],
      editConfig: (d) =>
        editQueue(d, {
          urgent: {
            webhookRetries: 0,
            startAfterSec: 1,
            ladder: [
              { endpoint: 'PJSIP/op3', ringSec: 4, name: 'night duty' },
              { endpoint: 'PJSIP/duty', ringSec: 20, name: 'supervisor' },
            ],
          },
        }),
    });
    await callIn(h);
    await h.citizen.sendDtmf('3'); // threat to life, health or liberty
    const op3 = h.phone('op3');
    await op3.waitFor('CALL_INCOMING', 15_000, 0);
    const duty = h.phone('duty');
    await duty.waitFor('CALL_ESTABLISHED', 30_000, 0);
    expect(op3.events.some((e) => e.type === 'CALL_ESTABLISHED')).toBe(false);
    await heardTone(h, duty, TONES.citizen, 2);
    await heardTone(h, h.citizen, TONES.duty, 2);

    const rungs = await h.waitFor('both rungs recorded', async () => {
      const rows = await h.cagri.db
        .selectFrom('escalation_rungs')
        .select(['attempt', 'endpoint', 'outcome'])
        .orderBy('attempt')
        .execute();
      return rows.length === 2 && rows.every((r) => r.outcome !== null) ? rows : undefined;
    });
    expect(rungs).toEqual([
      { attempt: 1, endpoint: 'PJSIP/op3', outcome: 'no-answer' },
      { attempt: 2, endpoint: 'PJSIP/duty', outcome: 'answered' },
    ]);
    await h.citizen.hangup();
  });
});
