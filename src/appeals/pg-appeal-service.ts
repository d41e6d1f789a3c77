// The appeal registry over Postgres. Every change is one transaction: the appeal row (locked),
// its history line, and for a new appeal the service+year counter that makes numbers gap-free.
import { type Kysely, sql } from 'kysely';
import { DateTime } from 'luxon';
import { actorName, type Principal } from '../accounts/principal.ts';
import type { ServiceCalendar } from '../calendar/service-calendar.ts';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../domain/clock.ts';
import type { Logger } from '../log/logger.ts';
import {
  type Appeal,
  type AppealStatus,
  type AppealWithHistory,
  formatRegNo,
  isOpen,
  type RegNo,
} from './appeal.ts';
import { ANSWER_DAYS, REFERRAL_DAYS, STUDY_DAYS, workingDaysDeadline } from './appeal-deadlines.ts';
import {
  type RegisterAppealRequest,
  RegisterAppealRequestSchema,
  type TransitionRequest,
} from './appeal-requests.ts';
import { appealChanges, appealFromRow, appealInsert } from './appeal-rows.ts';
import type { AppealResult, AppealSearch, AppealService } from './appeal-service.ts';
import { applyTransition, type TransitionActor } from './appeal-transitions.ts';
import { possibleRepeatOf } from './repeat-rule.ts';

export interface AppealServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  calendars: { calendarFor(serviceId: string): ServiceCalendar | undefined };
  /** The short number of a service (the first part of its registration numbers). */
  serviceNumber(serviceId: string): string | undefined;
  units: { exists(unitId: string): boolean };
  logger: Logger;
}

const OPEN_STATUSES: readonly AppealStatus[] = ['registered', 'forwarded', 'in-review'];
const DAY_MS = 24 * 3600_000;

export function transitionActor(p: Principal): TransitionActor {
  return p.kind === 'token'
    ? { kind: 'token', name: 'token', roles: [], unitIds: [] }
    : { kind: 'user', name: actorName(p), roles: p.roles, unitIds: p.unitIds };
}

export class PgAppealService implements AppealService {
  constructor(private readonly deps: AppealServiceDeps) {}

  async register(input: RegisterAppealRequest, by: Principal): Promise<AppealResult<Appeal>> {
    const parsed = RegisterAppealRequestSchema.safeParse(input);
    if (!parsed.success)
      return refuse(
        'invalid',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    const req = parsed.data;
    const { db, clock, calendars, units } = this.deps;
    const serviceNumber = this.deps.serviceNumber(req.serviceId);
    const calendar = calendars.calendarFor(req.serviceId);
    if (serviceNumber === undefined || !calendar)
      return refuse('invalid', `service "${req.serviceId}" is not configured`);
    if (req.unitId !== undefined && !units.exists(req.unitId))
      return refuse('invalid', `unit "${req.unitId}" is not in units.yaml`);
    const now = clock.now();
    const year = DateTime.fromMillis(now, { zone: calendar.timezone }).year;
    const days =
      req.category === 'out-of-competence' ? REFERRAL_DAYS : req.needsStudy ? STUDY_DAYS : ANSWER_DAYS;
    const deadline = workingDaysDeadline(calendar, now, days);

    const appeal = await db.transaction().execute(async (tx) => {
      // The counter row is locked until commit: concurrent registrations queue here, numbers stay gap-free.
      const { last_seq: seq } = await tx
        .insertInto('appeal_counters')
        .values({ service_id: req.serviceId, year, last_seq: 1 })
        .onConflict((oc) =>
          oc.columns(['service_id', 'year']).doUpdateSet({ last_seq: sql`appeal_counters.last_seq + 1` }),
        )
        .returning('last_seq')
        .executeTakeFirstOrThrow();
      const repeats = possibleRepeatOf(
        { category: req.category, unitId: req.unitId, registeredAt: now },
        await this.earlierOf(tx, req.citizenNumber, now),
      );
      const a: Appeal = {
        regNo: formatRegNo(serviceNumber, year, seq),
        serviceId: req.serviceId,
        registeredAt: now,
        callIds: req.callIds ?? [],
        callbackIds: req.callbackIds ?? [],
        citizenNumber: req.citizenNumber,
        ...(req.citizenName !== undefined && { citizenName: req.citizenName }),
        language: req.language,
        category: req.category,
        menuPath: req.menuPath ?? [],
        keyed: req.keyed ?? {},
        summary: req.summary,
        ...(req.unitId !== undefined && { unitId: req.unitId }),
        deadline,
        deadlineDays: days,
        status: 'registered',
        ...(repeats.length > 0 && { possibleRepeatOf: repeats }),
      };
      await tx
        .insertInto('appeals')
        .values(appealInsert(a, year, seq, now))
        .execute();
      await tx
        .insertInto('appeal_history')
        .values({
          reg_no: a.regNo,
          at: new Date(now),
          actor: actorName(by),
          what: 'registered',
          note: repeats.length ? `possible repeat of ${repeats.join(', ')}` : null,
        })
        .execute();
      return a;
    });
    this.deps.logger.info({ regNo: appeal.regNo, category: appeal.category }, 'appeal registered');
    return { ok: true, value: appeal };
  }

  transition(regNo: RegNo, req: TransitionRequest, by: Principal): Promise<AppealResult<Appeal>> {
    const now = this.deps.clock.now();
    return this.change(regNo, by, async (current, tx) => {
      const out = applyTransition(current, req, {
        now,
        actor: transitionActor(by),
        unitExists: (u) => this.deps.units.exists(u),
      });
      if (!out.ok) return out;
      // Forwarding names the unit: only now can a complaint registered without one be a repeat.
      if (req.to === 'forwarded' && !current.possibleRepeatOf?.length) {
        const repeats = possibleRepeatOf(
          { category: current.category, unitId: req.unitId, registeredAt: current.registeredAt },
          (await this.earlierOf(tx, current.citizenNumber, current.registeredAt)).filter(
            (a) => a.regNo !== regNo,
          ),
        );
        if (repeats.length > 0)
          return {
            ok: true,
            appeal: { ...out.appeal, possibleRepeatOf: repeats },
            what: out.entry.what,
            note: `${out.entry.note ?? ''}; possible repeat of ${repeats.join(', ')}`,
          };
      }
      return { ok: true, appeal: out.appeal, what: out.entry.what, note: out.entry.note };
    });
  }

  comment(regNo: RegNo, note: string, by: Principal): Promise<AppealResult<Appeal>> {
    if (!note.trim()) return Promise.resolve(refuse('invalid', 'a comment needs text'));
    return this.change(regNo, by, (current) => {
      const actor = transitionActor(by);
      // A unit member comments only on their units' appeals.
      if (
        actor.kind === 'user' &&
        !actor.roles.some((r) => r !== 'unit') &&
        !actor.unitIds.includes(current.unitId ?? '')
      )
        return {
          ok: false,
          code: 'forbidden',
          reason: `appeal ${regNo} is not forwarded to a unit of yours`,
        };
      return { ok: true, appeal: current, what: 'comment', note };
    });
  }

  extendDeadline(regNo: RegNo, reason: string, by: Principal): Promise<AppealResult<Appeal>> {
    if (!reason.trim()) return Promise.resolve(refuse('invalid', 'extending a deadline needs a reason'));
    return this.change(regNo, by, (current) => {
      if (!isOpen(current.status))
        return {
          ok: false,
          code: 'conflict',
          reason: `appeal ${regNo} is ${current.status}: no deadline runs`,
        };
      if (current.deadlineDays >= STUDY_DAYS)
        return {
          ok: false,
          code: 'conflict',
          reason: `appeal ${regNo} already has the ${STUDY_DAYS}-working-day limit`,
        };
      if (current.category === 'out-of-competence')
        return { ok: false, code: 'conflict', reason: 'the 3-working-day referral limit cannot be extended' };
      const calendar = this.deps.calendars.calendarFor(current.serviceId);
      if (!calendar)
        return { ok: false, code: 'conflict', reason: `service "${current.serviceId}" is not configured` };
      const deadline = workingDaysDeadline(calendar, current.registeredAt, STUDY_DAYS);
      return {
        ok: true,
        appeal: { ...current, deadline, deadlineDays: STUDY_DAYS },
        what: 'deadline-extended',
        note: `${STUDY_DAYS} working days, until ${new Date(deadline).toISOString()}: ${reason}`,
      };
    });
  }

  async get(regNo: RegNo): Promise<AppealWithHistory | undefined> {
    const { db } = this.deps;
    const row = await db.selectFrom('appeals').selectAll().where('reg_no', '=', regNo).executeTakeFirst();
    if (!row) return undefined;
    const history = await db
      .selectFrom('appeal_history')
      .selectAll()
      .where('reg_no', '=', regNo)
      .orderBy('id')
      .execute();
    return {
      ...appealFromRow(row),
      history: history.map((h) => ({
        at: h.at.getTime(),
        actor: h.actor,
        what: h.what,
        ...(h.note !== null && { note: h.note }),
      })),
    };
  }

  async openForNumber(number: string): Promise<Appeal[]> {
    return (await this.search({ number, status: OPEN_STATUSES, limit: 100 })).items;
  }

  async recentForNumber(number: string, days = 365): Promise<Appeal[]> {
    const from = this.deps.clock.now() - days * DAY_MS;
    return (await this.search({ number, from, limit: 100 })).items;
  }

  async byKeyedNumber(serviceId: string, digits: string): Promise<Appeal | undefined> {
    if (!/^\d{1,14}$/.test(digits)) return undefined;
    const { db } = this.deps;
    let q = db.selectFrom('appeals').selectAll().where('service_id', '=', serviceId);
    if (digits.length > 6) {
      const m = /^(\d{3,4})(\d{4})(\d{6})$/.exec(digits);
      if (!m || m[1] !== this.deps.serviceNumber(serviceId)) return undefined;
      q = q.where('year', '=', Number(m[2])).where('seq', '=', Number(m[3]));
    } else {
      const calendar = this.deps.calendars.calendarFor(serviceId);
      const year = DateTime.fromMillis(this.deps.clock.now(), {
        zone: calendar?.timezone ?? 'Asia/Baku',
      }).year;
      q = q.where('year', '=', year).where('seq', '=', Number(digits));
    }
    const row = await q.executeTakeFirst();
    return row ? appealFromRow(row) : undefined;
  }

  async search(s: AppealSearch): Promise<{ total: number; items: Appeal[] }> {
    const now = this.deps.clock.now();
    let q = this.deps.db.selectFrom('appeals');
    if (s.status?.length) q = q.where('status', 'in', [...s.status]);
    if (s.unitId !== undefined) q = q.where('unit_id', '=', s.unitId);
    if (s.category !== undefined) q = q.where('category', '=', s.category);
    if (s.number !== undefined) q = q.where('citizen_number', '=', s.number);
    if (s.from !== undefined) q = q.where('registered_at', '>=', new Date(s.from));
    if (s.until !== undefined) q = q.where('registered_at', '<', new Date(s.until));
    if (s.overdue === true)
      q = q.where('status', 'in', [...OPEN_STATUSES]).where('deadline', '<=', new Date(now));
    if (s.overdue === false)
      q = q.where((eb) =>
        eb.or([eb('status', 'not in', [...OPEN_STATUSES]), eb('deadline', '>', new Date(now))]),
      );
    const { total } = await q.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
    const rows = await q
      .selectAll()
      .orderBy('registered_at', 'desc')
      .orderBy('reg_no', 'desc')
      .limit(Math.min(s.limit ?? 50, 500))
      .offset(s.offset ?? 0)
      .execute();
    return { total: Number(total), items: rows.map(appealFromRow) };
  }

  /** The number's appeals registered within the year before `at`. */
  private async earlierOf(tx: Kysely<Database>, number: string, at: number): Promise<Appeal[]> {
    const rows = await tx
      .selectFrom('appeals')
      .selectAll()
      .where('citizen_number', '=', number)
      .where('registered_at', '>=', new Date(at - 366 * DAY_MS))
      .execute();
    return rows.map(appealFromRow);
  }

  /** One locked read-change-write with its history line. */
  private async change(
    regNo: RegNo,
    by: Principal,
    decide: (current: Appeal, tx: Kysely<Database>) => Decision | Promise<Decision>,
  ): Promise<AppealResult<Appeal>> {
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('appeals')
        .selectAll()
        .where('reg_no', '=', regNo)
        .forUpdate()
        .executeTakeFirst();
      if (!row) return refuse('not-found', `no appeal ${regNo}`);
      const out = await decide(appealFromRow(row), tx);
      if (!out.ok) return refuse(out.code, out.reason);
      await tx
        .updateTable('appeals')
        .set(appealChanges(out.appeal, now))
        .where('reg_no', '=', regNo)
        .execute();
      await tx
        .insertInto('appeal_history')
        .values({
          reg_no: regNo,
          at: new Date(now),
          actor: actorName(by),
          what: out.what,
          note: out.note ?? null,
        })
        .execute();
      return { ok: true as const, value: out.appeal };
    });
  }
}

type Decision =
  | { ok: true; appeal: Appeal; what: string; note?: string | undefined }
  | { ok: false; code: 'forbidden' | 'invalid' | 'conflict'; reason: string };

function refuse(
  code: 'not-found' | 'forbidden' | 'invalid' | 'conflict',
  reason: string,
): { ok: false; code: typeof code; reason: string } {
  return { ok: false, code, reason };
}
