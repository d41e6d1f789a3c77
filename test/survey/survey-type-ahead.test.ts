// A real caller keys during prompts: an answer counts when keyed while its question is still
// playing, in one quick burst during the first question, or the moment the operator has left; a
// key during the thanks changes nothing. (The seeder's "resolved" answers came out `no-answer`
// because its callers never keyed one: see seeded-survey.test.ts; the same two keys pass on the
// real Asterisk too.)
import { describe, expect, it } from 'vitest';
import {
  bridgedWith,
  callAndWait,
  heard,
  press,
  ringingLeg,
  type Scenario,
  setOperator,
  startScenario,
} from '../engine/queue-scenario.ts';
import { scenarioPerTest } from '../engine/scenario.ts';
import type { Harness } from '../support/engine-harness.ts';
import { setSurvey } from './survey-config-edit.ts';

const RATING = 'sound:cagri/az/survey-rating';
const RESOLVED = 'sound:cagri/az/survey-resolved';
const THANKS = 'sound:cagri/az/survey-thanks';

async function answers(h: Harness, callId: string) {
  return h.cagri.db
    .selectFrom('survey_answers')
    .select(['question', 'answer'])
    .where('call_id', '=', callId)
    .orderBy('question')
    .execute();
}

async function talkThenOperatorHangsUp(s: Scenario, number: string) {
  const { h, clock } = s;
  h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'after', afterMs: 1000, hangupAfterMs: 5000 });
  await setOperator(h, 'op1', 'available');
  const caller = await callAndWait(s, number, '0');
  await ringingLeg(h, 'PJSIP/op1');
  await clock.advanceAsync(1000);
  await h.waitFor('bridged with op1', () => bridgedWith(h, caller.simId).includes('PJSIP/op1'));
  await clock.advanceAsync(5000);
  return caller;
}

describe('survey keys pressed during prompts (prompts 2.5 s long)', () => {
  const start = scenarioPerTest(() =>
    startScenario({
      defaultPlaybackMs: 2500,
      editConfig: (dir) => setSurvey(dir, '{ enabled: true, share: 1, questions: [rating, resolved] }'),
    }),
  );

  it('the resolved answer keyed while its question is still playing counts; a key in the thanks does not', async () => {
    const s = await start();
    const { h } = s;
    const { simId, callId } = await talkThenOperatorHangsUp(s, '0501120101');
    await h.waitFor('rating asked', () => heard(h, simId).includes(RATING));
    await press(s, simId, '4');
    await h.waitFor('resolved asked', () => heard(h, simId).includes(RESOLVED));
    await press(s, simId, '2');
    await h.waitFor('thanks playing', () => heard(h, simId).includes(THANKS));
    await press(s, simId, '5'); // during the thanks: nothing more to answer
    for (let i = 0; i < 10 && h.view(simId).state !== 'ended'; i++) await s.clock.advanceAsync(1000);
    expect(h.view(simId).endedBy).toBe('app');
    await h.waitFor('answers stored', async () => (await answers(h, callId)).length === 2);
    expect(await answers(h, callId)).toEqual([
      { question: 'rating', answer: '4' },
      { question: 'resolved', answer: '2' },
    ]);
  });

  it('both answers keyed in one burst during the rating prompt count', async () => {
    const s = await start();
    const { h } = s;
    const { simId, callId } = await talkThenOperatorHangsUp(s, '0501120102');
    await h.waitFor('rating asked', () => heard(h, simId).includes(RATING));
    await press(s, simId, '51');
    for (let i = 0; i < 10 && h.view(simId).state !== 'ended'; i++) await s.clock.advanceAsync(1000);
    await h.waitFor('answers stored', async () => (await answers(h, callId)).length === 2);
    expect(await answers(h, callId)).toEqual([
      { question: 'rating', answer: '5' },
      { question: 'resolved', answer: '1' },
    ]);
  });

  it('keys sent the moment the operator leaves (as the seeder does) count', async () => {
    const s = await start();
    const { h } = s;
    const { simId, callId } = await talkThenOperatorHangsUp(s, '0501120103');
    await h.waitFor('operator gone', () => bridgedWith(h, simId).length === 0);
    h.sim.world.sendDtmf(simId, '3', 0);
    await s.clock.advanceAsync(100);
    await h.waitFor('resolved asked', () => heard(h, simId).includes(RESOLVED));
    await s.clock.advanceAsync(500);
    h.sim.world.sendDtmf(simId, '1', 0);
    for (let i = 0; i < 10 && h.view(simId).state !== 'ended'; i++) await s.clock.advanceAsync(1000);
    await h.waitFor('answers stored', async () => (await answers(h, callId)).length === 2);
    expect(await answers(h, callId)).toEqual([
      { question: 'rating', answer: '3' },
      { question: 'resolved', answer: '1' },
    ]);
  });
});
