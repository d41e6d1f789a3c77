// GET /api/survey/responses: post-call survey answers, newest first, filtered by period, operator
// and service (supervisors and admins).
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { isoTime } from '../http/api-time.ts';
import { useZod } from '../http/zod-validation.ts';
import type { SurveyRepository } from './survey-repository.ts';

const instant = z.iso.datetime({ offset: true });

export const SurveyResponsesQuerySchema = z
  .object({
    from: instant.optional().describe('answers given at or after this instant (ISO 8601)'),
    to: instant.optional().describe('answers given before this instant (ISO 8601)'),
    operatorId: z.string().min(1).max(100).optional().describe('only calls this operator took'),
    serviceId: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int('must be a whole number').min(1).max(1000).default(200),
  })
  .strict()
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: '`from` must not be after `to`',
    path: ['from'],
  });

export function surveyRoutes(repo: SurveyRepository): FastifyPluginAsync {
  return async (plain) => {
    const app = useZod(plain);
    app.get(
      '/survey/responses',
      {
        config: { roles: ['supervisor', 'admin'] },
        schema: {
          tags: ['survey'],
          summary: 'Post-call survey answers, newest first',
          description:
            'One row per question asked after an operator hung up first. `answer` is the key pressed ' +
            '(rating 1-5; resolved: 1 yes, 2 no) or `no-answer` (silence, wrong keys, 0 or the caller hanging up).',
          querystring: SurveyResponsesQuerySchema,
        },
      },
      async (request) => {
        const q = request.query;
        const rows = await repo.list({
          limit: q.limit,
          ...(q.from ? { from: new Date(q.from) } : {}),
          ...(q.to ? { to: new Date(q.to) } : {}),
          ...(q.operatorId ? { operatorId: q.operatorId } : {}),
          ...(q.serviceId ? { serviceId: q.serviceId } : {}),
        });
        return {
          responses: rows.map((r) => ({
            callId: r.call_id,
            serviceId: r.service_id,
            operatorId: r.operator_id,
            appealId: r.appeal_id,
            question: r.question,
            answer: r.answer,
            answeredAt: isoTime(r.answered_at),
          })),
        };
      },
    );
  };
}
