// The post-call survey through the whole stack on the simulator: the operator hangs up first,
// the caller stays on the line, keys their answers, and the rows reach Postgres and the API.
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

function withSurvey(survey: string) {
  return (dir: string) => setSurvey(dir, survey);
}

async function answers(h: Harness, callId: string) {
  return h.cagri.db
    .selectFrom('survey_answers')
    .select(['question', 'answer', 'operator_id', 'service_id', 'appeal_id'])
    .where('call_id', '=', callId)
    .orderBy('question')
    .execute();
}

/** op1 answers after 1 s and hangs up 5 s later; the caller waits for op1 (keys: 0, or 3 = urgent). */
async function talkThenOperatorHangsUp(s: Scenario, number: string, keys = '0') {
  const { h, clock } = s;
  h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'after', afterMs: 1000, hangupAfterMs: 5000 });
  await setOperator(h, 'op1', 'available');
  const caller = await callAndWait(s, number, keys);
  await ringingLeg(h, 'PJSIP/op1');
  await clock.advanceAsync(1000);
  await h.waitFor('bridged with op1', () => bridgedWith(h, caller.simId).includes('PJSIP/op1'));
  await clock.advanceAsync(5000);
  return caller;
}

describe('post-call survey on the simulator', () => {
  const start = scenarioPerTest(
    (survey: string = '{ enabled: true, share: 1, questions: [rating, resolved] }') =>
      startScenario({ editConfig: withSurvey(survey) }),
  );

  it('operator hangs up: the caller keys 4, then 1; both are stored with the operator and listed', async () => {
    const s = await start();
    const { h } = s;
    const { simId, callId } = await talkThenOperatorHangsUp(s, '0501120001');
    await h.waitFor('rating asked', () => heard(h, simId).includes(RATING));
    expect(h.view(simId).state).not.toBe('ended');
    await press(s, simId, '4');
    await h.waitFor('resolved asked', () => heard(h, simId).includes(RESOLVED));
    await press(s, simId, '1');
    await s.clock.advanceAsync(200); // the thanks, then the engine hangs up
    await h.waitFor('call ended by the engine', () => h.view(simId).state === 'ended');
    expect(h.view(simId).endedBy).toBe('app');
    await h.waitFor('answers stored', async () => (await answers(h, callId)).length === 2);
    expect(await answers(h, callId)).toEqual([
      { question: 'rating', answer: '4', operator_id: 'op1', service_id: 'citizens', appeal_id: null },
      { question: 'resolved', answer: '1', operator_id: 'op1', service_id: 'citizens', appeal_id: null },
    ]);
    const api = await h.api('GET', '/api/survey/responses?operatorId=op1');
    expect(api.status).toBe(200);
    expect(api.body.responses.map((r: { answer: string }) => r.answer).sort()).toEqual(['1', '4']);
    expect((await h.api('GET', '/api/survey/responses?operatorId=op9')).body.responses).toEqual([]);
    expect((await h.api('GET', '/api/survey/responses?from=yesterday')).status).toBe(400);
    await h.cagri.writes.idle();
    const row = (await h.api('GET', '/api/calls?number=0501120001')).body.calls[0];
    expect(row).toMatchObject({ id: callId, end_cause: 'operator-hangup', outcome: 'operator' });
    const metrics = await h.cagri.http.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(
      /cagri_survey_answers_total\{service="citizens",question="rating",answer="4"\} 1/,
    );
  });

  it('silence: asked again, then stored as no-answer for each question', async () => {
    const s = await start();
    const { h, clock } = s;
    const { simId, callId } = await talkThenOperatorHangsUp(s, '0501120002');
    await h.waitFor('rating asked', () => heard(h, simId).includes(RATING));
    for (let i = 0; i < 6 && h.view(simId).state !== 'ended'; i++) await clock.advanceAsync(7000);
    await h.waitFor('call ended', () => h.view(simId).state === 'ended');
    await h.waitFor('no-answers stored', async () => (await answers(h, callId)).length === 2);
    expect((await answers(h, callId)).map((a) => a.answer)).toEqual(['no-answer', 'no-answer']);
  });

  it('0 during the survey: back into the queue, the question stored as no-answer', async () => {
    const s = await start();
    const { h } = s;
    const { simId, callId } = await talkThenOperatorHangsUp(s, '0501120006');
    await h.waitFor('rating asked', () => heard(h, simId).includes(RATING));
    await press(s, simId, '0');
    await h.waitFor('waiting again', () => h.cagri.queue.snapshot().waiting.some((w) => w.callId === callId));
    await h.waitFor('no-answer stored', async () => (await answers(h, callId)).length === 1);
    expect((await answers(h, callId)).map((a) => [a.question, a.answer])).toEqual([['rating', 'no-answer']]);
  });

  it('the caller hanging up first is not asked', async () => {
    const s = await start();
    const { h, clock } = s;
    h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'after', afterMs: 1000 });
    await setOperator(h, 'op1', 'available');
    const { simId, callId } = await callAndWait(s, '0501120003');
    await ringingLeg(h, 'PJSIP/op1');
    await clock.advanceAsync(1000);
    await h.waitFor('bridged with op1', () => bridgedWith(h, simId).includes('PJSIP/op1'));
    h.sim.world.hangup(simId);
    await h.waitFor('op1 in wrap-up', () =>
      h.cagri.queue.snapshot().operators.some((o) => o.id === 'op1' && o.state === 'wrap-up'),
    );
    expect(heard(h, simId)).not.toContain(RATING);
    expect(await answers(h, callId)).toEqual([]);
  });

  it('an urgent caller is not asked', async () => {
    const s = await start();
    const { h } = s;
    const { simId, callId } = await talkThenOperatorHangsUp(s, '0501120004', '3');
    await h.waitFor('caller hung up by the engine', () => h.view(simId).state === 'ended');
    expect(heard(h, simId)).not.toContain(RATING);
    expect(await answers(h, callId)).toEqual([]);
  });

  it('share 0: nobody is asked', async () => {
    const s = await start('{ enabled: true, share: 0 }');
    const { h } = s;
    const { simId, callId } = await talkThenOperatorHangsUp(s, '0501120005');
    await h.waitFor('caller hung up by the engine', () => h.view(simId).state === 'ended');
    expect(heard(h, simId)).not.toContain(RATING);
    expect(await answers(h, callId)).toEqual([]);
  });
});
