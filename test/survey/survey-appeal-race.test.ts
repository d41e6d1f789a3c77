// The answers and the wrap-up of a call are written by different parts (the journal, the desk
// API), possibly at the same instant: whichever commits second links them, so no answer is left
// without the appeal its call's wrap-up registered.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/db/database.ts';
import type { Database } from '../../src/db/schema.ts';
import { DeskRepository, type NewWrapUp } from '../../src/desk/desk-repository.ts';
import type { ScreenPop } from '../../src/desk/screen-pop.ts';
import { CallId, OperatorId, ServiceId } from '../../src/domain/ids.ts';
import { SurveyRepository } from '../../src/survey/survey-repository.ts';
import { createTestDatabase, type TestDatabase } from '../support/services.ts';

let tdb: TestDatabase;
let db: Kysely<Database>;
beforeAll(async () => {
  tdb = await createTestDatabase();
  db = createDatabase(tdb.url);
});
afterAll(async () => {
  await db?.destroy();
  await tdb?.drop();
});

const AT = Date.parse('2026-12-01T10:00:00+04:00');

function wrapUpOf(callId: string): NewWrapUp {
  return {
    workId: callId,
    workKind: 'call',
    operatorId: 'op1',
    callerNumber: '0501120301',
    reason: 'zero',
    endedAt: AT,
    deadline: AT + 60_000,
    pop: { workId: callId } as unknown as ScreenPop,
  };
}

function answer(callId: string, question: 'rating' | 'resolved', value: string) {
  return {
    callId: CallId(callId),
    serviceId: ServiceId('citizens'),
    operatorId: OperatorId('op1'),
    question,
    answer: value,
    at: AT + 10_000,
  };
}

describe('linking survey answers to the wrap-up’s appeal', () => {
  it('links in either order, also when both are written at once; a repeat changes nothing', async () => {
    const surveys = new SurveyRepository(db);
    const desk = new DeskRepository(db);
    const done = (regNo: string) => ({ at: AT + 20_000, by: 'aygun', regNo, form: {} });
    // A registration number need not exist for the link (appeals are joined in the reports).
    const calls = Array.from({ length: 40 }, (_, i) => `call-race-${i}`);
    await Promise.all(
      calls.map(async (callId, i) => {
        const regNo = `1655-2026-${String(i + 1).padStart(6, '0')}`;
        const writes = [
          () => surveys.insert(answer(callId, 'rating', '4')),
          () => desk.markDone(wrapUpOf(callId), done(regNo)),
          () => surveys.insert(answer(callId, 'resolved', '1')),
        ];
        // Some calls write in order, some the other way round, all of them concurrently.
        if (i % 2) writes.reverse();
        await Promise.all(writes.map((w) => w()));
      }),
    );
    const rows = await db.selectFrom('survey_answers').select(['call_id', 'appeal_id']).execute();
    expect(rows).toHaveLength(80);
    for (const r of rows) {
      const i = calls.indexOf(r.call_id);
      expect(r.appeal_id, r.call_id).toBe(`1655-2026-${String(i + 1).padStart(6, '0')}`);
    }
    // A retried answer (the journal replaying) or a second form does not move an existing link.
    await surveys.insert({ ...answer('call-race-0', 'rating', '4'), appealId: 'other' });
    await desk.markDone(wrapUpOf('call-race-0'), done('1655-2026-999999'));
    const first = await db
      .selectFrom('survey_answers')
      .select('appeal_id')
      .where('call_id', '=', 'call-race-0')
      .execute();
    expect(first.map((r) => r.appeal_id)).toEqual(['1655-2026-000001', '1655-2026-000001']);
  });
});
