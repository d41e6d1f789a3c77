// Survey answers in Postgres (sql/040_survey.sql): written as they are given, listed for the API.
// An answer is linked to the appeal the operator's wrap-up registered (or updated) for its call,
// whichever of the two is written first: see `linkSurveyAnswers`.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CallId, OperatorId, ServiceId } from '../domain/ids.ts';
import type { SurveyAnswer, SurveyQuestion } from './survey-config.ts';

export interface SurveyAnswerRecord {
  callId: CallId;
  serviceId: ServiceId;
  /** The operator who took the call (undefined if unknown, e.g. after a restart). */
  operatorId?: OperatorId;
  /** The appeal registered on the call, when there is one. */
  appealId?: string;
  question: SurveyQuestion;
  answer: SurveyAnswer;
  at: number;
}

export interface SurveyListFilter {
  from?: Date;
  to?: Date;
  operatorId?: string;
  serviceId?: string;
  limit: number;
}

export class SurveyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * One answer per call and question: a repeat (a retried write) changes nothing. Without an
   * appeal of its own, the answer takes the one of the call's wrap-up if that is already in.
   */
  async insert(a: SurveyAnswerRecord): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await lockAppealLink(tx, a.callId);
      await tx
        .insertInto('survey_answers')
        .values((eb) => ({
          call_id: a.callId,
          question: a.question,
          service_id: a.serviceId,
          operator_id: a.operatorId ?? null,
          appeal_id:
            a.appealId ??
            eb
              .selectFrom('desk_wrap_ups')
              .select('reg_no')
              .where('work_id', '=', a.callId)
              .where('work_kind', '=', 'call')
              .where('status', '=', 'done'),
          answer: a.answer,
          answered_at: new Date(a.at),
        }))
        .onConflict((oc) => oc.columns(['call_id', 'question']).doNothing())
        .execute();
    });
  }

  async list(f: SurveyListFilter) {
    let q = this.db.selectFrom('survey_answers').selectAll();
    if (f.from) q = q.where('answered_at', '>=', f.from);
    if (f.to) q = q.where('answered_at', '<', f.to);
    if (f.operatorId) q = q.where('operator_id', '=', f.operatorId);
    if (f.serviceId) q = q.where('service_id', '=', f.serviceId);
    return q.orderBy('answered_at', 'desc').orderBy('call_id').orderBy('question').limit(f.limit).execute();
  }
}

/** Any constant: the class of the per-call advisory locks below (advisory locks are per database). */
const APPEAL_LINK_LOCK = 0x5e7a;

/**
 * The answers and the wrap-up of one call take this lock before linking, so whichever commits
 * second sees the other (READ COMMITTED: each statement reads what was committed before it).
 */
async function lockAppealLink(tx: Transaction<Database>, callId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${APPEAL_LINK_LOCK}, hashtext(${callId}))`.execute(tx);
}

/**
 * The operator's wrap-up of call `callId` registered or updated appeal `regNo`: the call's survey
 * answers given before it are linked to it. Run inside the transaction that stores the wrap-up;
 * answers already linked stay as they are (a repeat changes nothing).
 */
export async function linkSurveyAnswers(
  tx: Transaction<Database>,
  callId: string,
  regNo: string,
): Promise<void> {
  await lockAppealLink(tx, callId);
  await tx
    .updateTable('survey_answers')
    .set({ appeal_id: regNo })
    .where('call_id', '=', callId)
    .where('appeal_id', 'is', null)
    .execute();
}
