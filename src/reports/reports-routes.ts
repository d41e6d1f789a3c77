// /api/reports/*: the centre's figures per service and period, computed from the records in the
// service's time zone, as JSON or CSV (`?format=csv` or `Accept: text/csv`). Each figure's
// definition is in the OpenAPI description of its field (and in the README's Reports section).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Role } from '../accounts/roles.ts';
import type { ServiceCalendar } from '../calendar/service-calendar.ts';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../domain/clock.ts';
import { useZod } from '../http/zod-validation.ts';
import { AppealsReportSchema, appealsReport } from './appeals-report.ts';
import { CallbacksReportSchema, callbacksReport } from './callbacks-report.ts';
import { EscalationsReportSchema, escalationsReport } from './escalations-report.ts';
import { LostCallsReportSchema, lostCallsReport } from './lost-calls-report.ts';
import { OperatorsReportSchema, operatorsReport } from './operators-report.ts';
import { reportCsv } from './report-csv.ts';
import { PeriodQuerySchema, resolvePeriod } from './report-period.ts';
import type { ReportScope } from './report-scope.ts';
import { SurveyReportSchema, surveyReport } from './survey-report.ts';
import { TrafficReportSchema, trafficReport } from './traffic-report.ts';

export interface ReportsRoutesDeps {
  db: Kysely<Database>;
  /** Service ids in the current config; the first is the default. */
  services(): readonly string[];
  calendarFor(serviceId: string): ServiceCalendar | undefined;
  clock: Clock;
}

const ROLES: readonly Role[] = ['supervisor', 'admin'];
const DEFAULT_ZONE = 'Asia/Baku';

const ReportQuerySchema = PeriodQuerySchema.extend({
  service: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/, 'must be a service id')
    .optional()
    .describe('service id (services.yaml); default the first service'),
  format: z.enum(['json', 'csv']).optional().describe('csv for a spreadsheet (or send Accept: text/csv)'),
}).strict();

const TrafficQuerySchema = ReportQuerySchema.extend({
  serviceLevelSec: z.coerce
    .number()
    .int('must be whole seconds')
    .min(1, 'must be at least 1')
    .max(600, 'must be at most 600')
    .default(20)
    .describe('answered within this many seconds counts toward the service level (default 20)'),
}).strict();

const PeriodSchema = z.object({
  kind: z.enum(['day', 'week', 'month', 'custom']),
  firstDay: z.string().describe('first local day, YYYY-MM-DD'),
  lastDay: z.string().describe('last local day (included)'),
  timeZone: z.string().describe("the service's time zone: days begin at local midnight"),
  from: z.string().describe('start of the period, ISO 8601 UTC (included)'),
  until: z.string().describe('end of the period, ISO 8601 UTC (excluded)'),
});

const envelope = <T extends z.ZodType>(figures: T) =>
  z.object({ serviceId: z.string(), period: PeriodSchema, figures });

const ErrorSchema = z.object({ message: z.string() });

type ReportQuery = z.infer<typeof ReportQuerySchema>;

export function reportsRoutes(deps: ReportsRoutesDeps): FastifyPluginAsync {
  return async (plain) => {
    const app = useZod(plain);

    /** The scope of a request, or a 400 already sent. */
    function scopeOf(q: ReportQuery, reply: FastifyReply): ReportScope | undefined {
      const known = deps.services();
      const serviceId = q.service ?? known[0];
      if (!serviceId || !known.includes(serviceId)) {
        void reply.code(400).send({
          message: `unknown service ${q.service ?? '(none configured)'}; known: ${known.join(', ') || 'none'}`,
        });
        return undefined;
      }
      const calendar = deps.calendarFor(serviceId);
      const zone = calendar?.timezone ?? DEFAULT_ZONE;
      const now = deps.clock.now();
      const resolved = resolvePeriod(q, zone, now);
      if (!resolved.ok) {
        void reply.code(400).send({ message: resolved.reason });
        return undefined;
      }
      return { db: deps.db, serviceId, period: resolved.period, calendar, now };
    }

    function answer(
      name: string,
      request: FastifyRequest,
      reply: FastifyReply,
      scope: ReportScope,
      figures: unknown,
      format: ReportQuery['format'],
    ) {
      const { period, serviceId } = scope;
      const csv = format === 'csv' || (format === undefined && wantsCsv(request.headers.accept));
      if (csv) {
        const file = `${name}-${serviceId}-${period.firstDay}_${period.lastDay}.csv`;
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file}"`)
          .send(
            reportCsv(
              {
                report: name,
                serviceId,
                firstDay: period.firstDay,
                lastDay: period.lastDay,
                zone: period.zone,
              },
              figures,
            ),
          );
      }
      return reply.send({
        serviceId,
        period: {
          kind: period.kind,
          firstDay: period.firstDay,
          lastDay: period.lastDay,
          timeZone: period.zone,
          from: new Date(period.from).toISOString(),
          until: new Date(period.until).toISOString(),
        },
        figures,
      });
    }

    const reports = [
      {
        path: 'lost-calls',
        summary: 'Lost calls and the same-day callback (the regulatory figure)',
        schema: LostCallsReportSchema,
        run: lostCallsReport,
      },
      {
        path: 'callbacks',
        summary: 'Callbacks by kind, outcome and attempts; after-hours bookings on the next working day',
        schema: CallbacksReportSchema,
        run: callbacksReport,
      },
      {
        path: 'escalations',
        summary: 'Escalations and the time to reach a person; referrals out of competence',
        schema: EscalationsReportSchema,
        run: escalationsReport,
      },
      {
        path: 'operators',
        summary: 'Per operator: calls, talk time, survey average, weekly live-service hours against 36 h',
        schema: OperatorsReportSchema,
        run: operatorsReport,
      },
      {
        path: 'appeals',
        summary: 'Appeals by category, status and unit; overdue; time to answer; out of competence',
        schema: AppealsReportSchema,
        run: appealsReport,
      },
      {
        path: 'survey',
        summary: 'Post-call survey: response rate, average rating, distribution, resolved',
        schema: SurveyReportSchema,
        run: surveyReport,
      },
    ] as const;

    app.get(
      '/reports/traffic',
      {
        config: { roles: ROLES },
        schema: {
          tags: ['reports'],
          summary:
            'Calls offered, IVR-only, asked for and answered by an operator; wait, service level, abandons',
          description: DESCRIPTION,
          querystring: TrafficQuerySchema,
          response: { 200: envelope(TrafficReportSchema), 400: ErrorSchema },
        },
      },
      async (request, reply) => {
        const scope = scopeOf(request.query, reply);
        if (!scope) return reply;
        const figures = await trafficReport(scope, request.query.serviceLevelSec);
        return answer('traffic', request, reply, scope, figures, request.query.format);
      },
    );

    for (const r of reports) {
      app.get(
        `/reports/${r.path}`,
        {
          config: { roles: ROLES },
          schema: {
            tags: ['reports'],
            summary: r.summary,
            description: DESCRIPTION,
            querystring: ReportQuerySchema,
            response: { 200: envelope(r.schema), 400: ErrorSchema },
          },
        },
        async (request, reply) => {
          const scope = scopeOf(request.query, reply);
          if (!scope) return reply;
          const figures = await r.run(scope);
          return answer(r.path, request, reply, scope, figures, request.query.format);
        },
      );
    }
  };
}

const DESCRIPTION =
  "Computed from the records for one service and period, in the service's time zone (services.yaml → " +
  'hours → timezone). A call belongs to the local day it started; a callback to the day it was created; ' +
  'an escalation to the day it was raised. Periods: day, week (Monday–Sunday), month, or custom from..to ' +
  '(both included, at most 367 days). JSON by default; CSV with ?format=csv or Accept: text/csv ' +
  '(one row per figure). Each field below carries its definition.';

function wantsCsv(accept: string | undefined): boolean {
  return accept !== undefined && /\btext\/csv\b/.test(accept) && !/application\/json/.test(accept);
}
