// /api/appeals and /api/units: the registry for people. List and filter, one appeal with its
// history, register, change status (the pure transition rules decide who may), comment, extend a
// deadline. Refusals are 4xx with the reason; citizen numbers are masked for those who need not
// see them (appeal-view.ts).
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ROLES } from '../accounts/roles.ts';
import { useZod } from '../http/zod-validation.ts';
import { type Appeal, AppealCategorySchema, AppealStatusSchema, RegNo } from './appeal.ts';
import type { DeadlineState } from './appeal-deadlines.ts';
import { RegisterAppealRequestSchema, TransitionRequestSchema } from './appeal-requests.ts';
import type { AppealRefusal, AppealService } from './appeal-service.ts';
import { AppealDtoSchema, HistoryDtoSchema, toAppealDto, toHistoryDto, unitOnly } from './appeal-view.ts';
import type { UnitsFile } from './units-config.ts';

export interface AppealsRoutesDeps {
  service: AppealService;
  units(): UnitsFile;
  /** ok / near / overdue of an open appeal, by its service's calendar. */
  deadlineState(a: Appeal): DeadlineState;
}

const ErrorSchema = z.object({ message: z.string() });
const RegNoParams = z.strictObject({
  regNo: z.string().regex(/^\d{3,4}-\d{4}-\d{6}$/, 'must be a registration number like 1655-2026-000123'),
});
const day = z.iso.datetime({ offset: true }).or(z.iso.date());
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const AppealsQuerySchema = z.strictObject({
  status: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(AppealStatusSchema))
    .optional()
    .describe('one or more statuses, comma-separated'),
  unit: z.string().min(1).optional().describe('responsible unit id'),
  category: AppealCategorySchema.optional(),
  overdue: bool.optional().describe('true: open and past the deadline; false: the others'),
  number: z.string().min(3).max(32).optional().describe("the citizen's number, exactly as registered"),
  from: day.optional().describe('registered at or after (ISO date or date-time)'),
  until: day.optional().describe('registered before (ISO date or date-time)'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const STATUS_OF: Record<AppealRefusal['code'], 400 | 403 | 404 | 409> = {
  invalid: 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
};
const refused = (reply: FastifyReply, r: AppealRefusal) =>
  reply.code(STATUS_OF[r.code]).send({ message: r.reason });
const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

export function appealsRoutes(deps: AppealsRoutesDeps): FastifyPluginAsync {
  return async (plain) => {
    const app = useZod(plain);
    const dto = (a: Appeal, p: Parameters<typeof toAppealDto>[1]) => toAppealDto(a, p, deps.deadlineState(a));

    app.get(
      '/appeals',
      {
        config: { roles: ROLES },
        schema: {
          tags: ['appeals'],
          summary: 'Appeals, newest first, filtered and paginated',
          description:
            'A unit member sees every appeal with the citizen number masked, except those of their own units; ' +
            'searching by number is limited to their own units.',
          querystring: AppealsQuerySchema,
          response: {
            200: z.object({ total: z.number().int(), appeals: z.array(AppealDtoSchema) }),
            400: ErrorSchema,
            403: ErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const p = request.principal;
        let unitId = q.unit;
        if (q.number !== undefined && unitOnly(p)) {
          // Finding a person's appeals by number is for the centre; a unit searches its own.
          if (unitId === undefined && p.unitIds.length === 1) unitId = p.unitIds[0];
          if (unitId === undefined || !(p.unitIds as readonly string[]).includes(unitId))
            return reply.code(403).send({
              message: 'a unit member searches by number only within one of their units (unit=...)',
            });
        }
        const { total, items } = await deps.service.search({
          ...(q.status && { status: q.status }),
          ...(unitId !== undefined && { unitId }),
          ...(q.category && { category: q.category }),
          ...(q.overdue !== undefined && { overdue: q.overdue }),
          ...(q.number !== undefined && { number: q.number }),
          ...(q.from !== undefined && { from: Date.parse(q.from) }),
          ...(q.until !== undefined && { until: Date.parse(q.until) }),
          limit: q.limit,
          offset: q.offset,
        });
        return { total, appeals: items.map((a) => dto(a, p)) };
      },
    );

    app.get(
      '/appeals/:regNo',
      {
        config: { roles: ROLES },
        schema: {
          tags: ['appeals'],
          summary: 'One appeal with its history',
          params: RegNoParams,
          response: {
            200: z.object({ appeal: AppealDtoSchema, history: z.array(HistoryDtoSchema) }),
            404: ErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const a = await deps.service.get(RegNo(request.params.regNo));
        if (!a) return reply.code(404).send({ message: `no appeal ${request.params.regNo}` });
        return { appeal: dto(a, request.principal), history: a.history.map(toHistoryDto) };
      },
    );

    app.post(
      '/appeals',
      {
        config: { roles: ['operator', 'supervisor', 'admin'] },
        schema: {
          tags: ['appeals'],
          summary: 'Register an appeal (gets its registration number and deadline)',
          body: RegisterAppealRequestSchema,
          response: { 201: z.object({ appeal: AppealDtoSchema }), ...errors },
        },
      },
      async (request, reply) => {
        const r = await deps.service.register(request.body, request.principal);
        if (!r.ok) return refused(reply, r);
        return reply.code(201).send({ appeal: dto(r.value, request.principal) });
      },
    );

    app.post(
      '/appeals/:regNo/transitions',
      {
        config: { roles: ROLES },
        schema: {
          tags: ['appeals'],
          summary: 'Change the status (forward, review, answer, close, refer, leave unexamined)',
          description:
            'Unit members act only on their own units’ appeals (in-review, answered); only supervisors ' +
            'leave a flagged repeat unexamined. A refusal says why.',
          params: RegNoParams,
          body: TransitionRequestSchema,
          response: { 200: z.object({ appeal: AppealDtoSchema }), ...errors },
        },
      },
      async (request, reply) => {
        const r = await deps.service.transition(RegNo(request.params.regNo), request.body, request.principal);
        return r.ok ? { appeal: dto(r.value, request.principal) } : refused(reply, r);
      },
    );

    app.post(
      '/appeals/:regNo/comments',
      {
        config: { roles: ROLES },
        schema: {
          tags: ['appeals'],
          summary: 'Add a note to the history',
          params: RegNoParams,
          body: z.strictObject({ note: z.string().trim().min(1, 'write the comment').max(2000) }),
          response: { 200: z.object({ appeal: AppealDtoSchema }), ...errors },
        },
      },
      async (request, reply) => {
        const r = await deps.service.comment(
          RegNo(request.params.regNo),
          request.body.note,
          request.principal,
        );
        return r.ok ? { appeal: dto(r.value, request.principal) } : refused(reply, r);
      },
    );

    app.post(
      '/appeals/:regNo/deadline-extension',
      {
        config: { roles: ['supervisor', 'admin'] },
        schema: {
          tags: ['appeals'],
          summary: 'Extend the deadline to 30 working days (additional study), with a reason',
          params: RegNoParams,
          body: z.strictObject({ reason: z.string().trim().min(1, 'say why').max(2000) }),
          response: { 200: z.object({ appeal: AppealDtoSchema }), ...errors },
        },
      },
      async (request, reply) => {
        const r = await deps.service.extendDeadline(
          RegNo(request.params.regNo),
          request.body.reason,
          request.principal,
        );
        return r.ok ? { appeal: dto(r.value, request.principal) } : refused(reply, r);
      },
    );

    app.get(
      '/units',
      {
        config: { roles: ROLES },
        schema: {
          tags: ['appeals'],
          summary: 'The units appeals are forwarded to (units.yaml)',
          response: {
            200: z.object({
              units: z.array(
                z.object({
                  id: z.string(),
                  name: z.record(z.string(), z.string()),
                  head: z.string(),
                  members: z.array(z.string()),
                  email: z.string(),
                  webhook: z.boolean().describe('whether reminders are also posted to a webhook'),
                }),
              ),
            }),
          },
        },
      },
      async () => ({
        units: deps.units().units.map((u) => ({
          id: u.id,
          name: Object.fromEntries(
            Object.entries(u.name).filter((e): e is [string, string] => e[1] !== undefined),
          ),
          head: u.head,
          members: u.members,
          email: u.email,
          webhook: u.webhook !== undefined,
        })),
      }),
    );
  };
}
