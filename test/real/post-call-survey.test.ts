// The post-call survey on a real Asterisk with real phones: the operator's phone hangs up first,
// the citizen stays on the line, hears the rating question, keys 5, and the answer is stored.
import { describe, expect, it } from 'vitest';
import { setSurvey } from '../survey/survey-config-edit.ts';
import { CITIZEN_NUMBER, TONES } from './real-harness.ts';
import { heardSound, heardTone, moreSound, realTierSkip, useRealAsterisk } from './real-suite.ts';

const LIVE = '2026-12-01T10:00:00+04:00';

function withSurvey(dir: string): void {
  setSurvey(dir, '{ enabled: true, share: 1, questions: [rating] }');
}

describe.skipIf(realTierSkip())('the post-call survey on a real Asterisk', () => {
  const suite = useRealAsterisk();

  it('the operator hangs up; the citizen hears the question, keys 5, and the answer is stored', async () => {
    const h = await suite.start({
      at: LIVE,
      phones: { op1: { kind: 'auto' } },
      login: ['op1'],
      editConfig: withSurvey,
    });
    await h.citizen.dial('1655');
    await h.citizen.waitFor('CALL_ESTABLISHED', 10_000, 0);
    await heardSound(h, h.citizen, 1);
    await h.citizen.sendDtmf('0');
    const op1 = h.phone('op1');
    await op1.waitFor('CALL_ESTABLISHED', 10_000, 0);
    await heardTone(h, h.citizen, TONES.op1, 2);
    await op1.hangup();
    await op1.waitFor('CALL_CLOSED', 5000, 0);
    // Still on the line: the rating question is heard after the operator has gone.
    await moreSound(h, h.citizen, 1);
    const callId = await h.waitFor('the call row', async () => {
      const row = (await h.api('GET', `/api/calls?number=${CITIZEN_NUMBER}`)).body.calls?.[0];
      return row && !row.ended_at ? (row.id as string) : undefined;
    });
    await h.citizen.sendDtmf('5');
    await h.citizen.waitFor('CALL_CLOSED', 20_000, 0); // thanks, then the engine hangs up
    const stored = await h.waitFor('the answer stored', async () => {
      const r = await h.api('GET', '/api/survey/responses?operatorId=op1');
      return r.body.responses?.length ? r.body.responses : undefined;
    });
    expect(stored).toEqual([
      expect.objectContaining({ callId, question: 'rating', answer: '5', operatorId: 'op1', appealId: null }),
    ]);
  });
});
