// Survey answers carry the appeal the operator's wrap-up registered for the call, whichever comes
// first: the form during the call (answers written after it), or the form after the survey
// (answers already stored are linked). The survey report then shows ratings per appeal category.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bridgedWith,
  callAndWait,
  heard,
  press,
  ringingLeg,
  type Scenario,
  setOperator,
  setQueueOption,
  startScenario,
} from '../engine/queue-scenario.ts';
import { useScenario } from '../engine/scenario.ts';
import { createUser, type SignedIn, signIn } from '../support/accounts.ts';
import { ADMIN_TOKEN, type Harness } from '../support/engine-harness.ts';
import { setSurvey } from './survey-config-edit.ts';

const RATING = 'sound:cagri/az/survey-rating';
const RESOLVED = 'sound:cagri/az/survey-resolved';

async function answers(h: Harness, callId: string) {
  return h.cagri.db
    .selectFrom('survey_answers')
    .select(['question', 'answer', 'appeal_id'])
    .where('call_id', '=', callId)
    .orderBy('question')
    .execute();
}

/** The caller reaches op1 (their `nth` call), who talks 5 s and hangs up; the caller stays for the survey. */
async function callOp1(s: Scenario, number: string, nth: number) {
  const { h, clock } = s;
  h.sim.world.scriptEndpoint('PJSIP', 'op1', { answer: 'after', afterMs: 1000, hangupAfterMs: 5000 });
  if (nth === 0) await setOperator(h, 'op1', 'available');
  else await s.clock.advanceAsync(60_000); // the rest of the last wrap-up, if the form did not end it
  await h.waitFor('op1 available', () =>
    h.cagri.queue.snapshot().operators.some((o) => o.id === 'op1' && o.state === 'available'),
  );
  const caller = await callAndWait(s, number, '0');
  await ringingLeg(h, 'PJSIP/op1', nth);
  await clock.advanceAsync(1000);
  await h.waitFor('bridged with op1', () => bridgedWith(h, caller.simId).includes('PJSIP/op1'));
  return caller;
}

/** Rating, then "resolved?", then the thanks and the engine's hang-up. */
async function survey(s: Scenario, simId: string, rating: string, resolved: string) {
  const { h } = s;
  await h.waitFor('rating asked', () => heard(h, simId).includes(RATING));
  await press(s, simId, rating);
  await h.waitFor('resolved asked', () => heard(h, simId).includes(RESOLVED));
  await press(s, simId, resolved);
  await s.clock.advanceAsync(200);
  await h.waitFor('call ended by the engine', () => h.view(simId).state === 'ended');
}

describe('survey answers and the appeal of their call', () => {
  const s = useScenario(() =>
    startScenario({
      editConfig: (dir) => {
        setSurvey(dir, '{ enabled: true, share: 1, questions: [rating, resolved] }');
        const queues = path.join(dir, 'queues.yaml');
        writeFileSync(queues, setQueueOption(readFileSync(queues, 'utf8'), 'wrapUpSec', 60));
      },
    }),
  );
  let op1: SignedIn;

  beforeAll(async () => {
    await createUser(s.h.cagri.db, { username: 'aygun', roles: ['operator'], operatorId: 'op1' });
    op1 = await signIn(s.h.cagri.http, 'aygun');
  });

  const wrapUp = async (workId: string, category: string) => {
    const r = await op1.inject('POST', '/api/desk/wrap-up', {
      workId,
      category,
      summary: `a ${category} about the survey`,
      outcome: 'registered',
    });
    expect(r.status).toBe(200);
    return r.body.regNo as string;
  };

  it('the form after the survey: the stored answers are linked to the appeal it registers', async () => {
    const { h } = s;
    const { simId, callId } = await callOp1(s, '0501120201', 0);
    await s.clock.advanceAsync(5000); // op1 hangs up
    await survey(s, simId, '4', '2');
    await h.waitFor('answers stored', async () => (await answers(h, callId)).length === 2);
    expect((await answers(h, callId)).map((a) => a.appeal_id)).toEqual([null, null]);
    const regNo = await wrapUp(callId, 'complaint');
    expect(await answers(h, callId)).toEqual([
      { question: 'rating', answer: '4', appeal_id: regNo },
      { question: 'resolved', answer: '2', appeal_id: regNo },
    ]);
    const listed = await h.api('GET', '/api/survey/responses?operatorId=op1');
    expect(listed.body.responses.filter((r: { callId: string }) => r.callId === callId)).toEqual([
      expect.objectContaining({ appealId: regNo }),
      expect.objectContaining({ appealId: regNo }),
    ]);
  });

  it('the form during the call: the answers given after it carry its appeal', async () => {
    const { h } = s;
    const { simId, callId } = await callOp1(s, '0501120202', 1);
    await h.waitFor('the screen pop on the desk', async () => {
      const me = await op1.inject('GET', '/api/desk/me');
      return me.body.current?.workId === callId;
    });
    const regNo = await wrapUp(callId, 'question');
    await s.clock.advanceAsync(5000); // op1 hangs up
    await survey(s, simId, '5', '1');
    await h.waitFor('answers stored', async () => (await answers(h, callId)).length === 2);
    expect(await answers(h, callId)).toEqual([
      { question: 'rating', answer: '5', appeal_id: regNo },
      { question: 'resolved', answer: '1', appeal_id: regNo },
    ]);
  });

  it('a call without a wrap-up stays unlinked; the report rates per appeal category', async () => {
    const { h } = s;
    const { simId, callId } = await callOp1(s, '0501120203', 2);
    await s.clock.advanceAsync(5000);
    await survey(s, simId, '3', '1');
    await h.waitFor('answers stored', async () => (await answers(h, callId)).length === 2);
    expect((await answers(h, callId)).map((a) => a.appeal_id)).toEqual([null, null]);
    const report = await h.api('GET', '/api/reports/survey?period=day&date=2026-12-01');
    expect(report.status).toBe(200);
    expect(report.body.figures.byAppealCategory).toEqual([
      { category: 'complaint', asked: 1, answered: 1, averageRating: 4 },
      { category: 'no-appeal', asked: 1, answered: 1, averageRating: 3 },
      { category: 'question', asked: 1, answered: 1, averageRating: 5 },
    ]);
    const csv = await h.cagri.http.inject({
      method: 'GET',
      url: '/api/reports/survey?period=day&date=2026-12-01&format=csv',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(csv.body).toContain('byAppealCategory.complaint.averageRating,4');
  });
});
