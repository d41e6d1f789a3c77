// The post-call survey (src/survey) for calls answered in the period: how many were asked, how
// many answered, the average rating and its distribution, the "resolved?" question, and the
// rating by the category of the appeal the call's wrap-up registered (survey_answers.appeal_id).
import { sql } from 'kysely';
import { z } from 'zod';
import { type ReportScope, ratio } from './report-scope.ts';

export const SurveyReportSchema = z.object({
  asked: z.number().int().describe('calls whose caller was asked to rate the service'),
  answered: z.number().int().describe('of those, callers who keyed a rating 1–5'),
  responseRate: z.number().nullable().describe('answered ÷ asked'),
  averageRating: z.number().nullable().describe('mean of the ratings keyed (1–5), two decimals'),
  distribution: z
    .object({
      '1': z.number().int(),
      '2': z.number().int(),
      '3': z.number().int(),
      '4': z.number().int(),
      '5': z.number().int(),
      'no-answer': z.number().int().describe('silence, wrong keys, 0 or a hang-up'),
    })
    .describe('how many callers keyed each rating'),
  resolved: z
    .object({ yes: z.number().int(), no: z.number().int(), noAnswer: z.number().int() })
    .describe('answers to "was your question resolved?" (1 yes, 2 no), where it was asked'),
  byAppealCategory: z
    .array(
      z.object({
        category: z
          .string()
          .describe(
            "the category of the appeal the operator's wrap-up registered for the call, or no-appeal",
          ),
        asked: z.number().int(),
        answered: z.number().int().describe('callers who keyed a rating 1–5'),
        averageRating: z.number().nullable().describe('mean of those ratings, two decimals'),
      }),
    )
    .describe("ratings by the category of the call's appeal (as it is now); calls without one: no-appeal"),
});
export type SurveyReport = z.infer<typeof SurveyReportSchema>;

export async function surveyReport(scope: ReportScope): Promise<SurveyReport> {
  const { db, serviceId, period } = scope;
  const inPeriod = sql`s.service_id = ${serviceId} AND s.answered_at >= ${new Date(period.from)} AND s.answered_at < ${new Date(period.until)}`;
  const [{ rows }, categories] = await Promise.all([
    sql<{ question: string; answer: string; count: number }>`
      SELECT question, answer, count(*)::int AS count FROM survey_answers s
      WHERE ${inPeriod}
      GROUP BY question, answer`.execute(db),
    sql<{ category: string; asked: number; answered: number; average: number | null }>`
      SELECT coalesce(a.category, 'no-appeal') AS category, count(*)::int AS asked,
        count(*) FILTER (WHERE s.answer <> 'no-answer')::int AS answered,
        avg(CASE WHEN s.answer <> 'no-answer' THEN s.answer::int END)::float8 AS average
      FROM survey_answers s LEFT JOIN appeals a ON a.reg_no = s.appeal_id
      WHERE s.question = 'rating' AND ${inPeriod}
      GROUP BY 1 ORDER BY 1`.execute(db),
  ]);
  const count = (question: string, answer: string) =>
    rows.find((r) => r.question === question && r.answer === answer)?.count ?? 0;
  const distribution = {
    '1': count('rating', '1'),
    '2': count('rating', '2'),
    '3': count('rating', '3'),
    '4': count('rating', '4'),
    '5': count('rating', '5'),
    'no-answer': count('rating', 'no-answer'),
  };
  const answered =
    distribution['1'] + distribution['2'] + distribution['3'] + distribution['4'] + distribution['5'];
  const asked = answered + distribution['no-answer'];
  const sum = [1, 2, 3, 4, 5].reduce((n, k) => n + k * distribution[String(k) as '1'], 0);
  return {
    asked,
    answered,
    responseRate: ratio(answered, asked),
    averageRating: answered ? Math.round((sum / answered) * 100) / 100 : null,
    distribution,
    resolved: {
      yes: count('resolved', '1'),
      no: count('resolved', '2'),
      noAnswer: count('resolved', 'no-answer'),
    },
    byAppealCategory: categories.rows.map((r) => ({
      category: r.category,
      asked: r.asked,
      answered: r.answered,
      averageRating: r.average === null ? null : Math.round(r.average * 100) / 100,
    })),
  };
}
