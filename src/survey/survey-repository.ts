// Survey answers in Postgres (sql/040_survey.sql): written as they are given, listed for the API.
import type { Kysely } from 'kysely';
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

  /** One answer per call and question: a repeat (a retried write) changes nothing. */
  async insert(a: SurveyAnswerRecord): Promise<void> {
    await this.db
      .insertInto('survey_answers')
      .values({
        call_id: a.callId,
        question: a.question,
        service_id: a.serviceId,
        operator_id: a.operatorId ?? null,
        appeal_id: a.appealId ?? null,
        answer: a.answer,
        answered_at: new Date(a.at),
      })
      .onConflict((oc) => oc.columns(['call_id', 'question']).doNothing())
      .execute();
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
