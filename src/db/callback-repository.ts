// The `callbacks` table is the truth about every callback; BullMQ only holds a job per attempt.
// Every change is a guarded write in one transaction with its audit row (callback_events):
// - a second open callback for the same (service, number) is stopped by the partial unique index,
//   not by a read-then-write;
// - a transition is `UPDATE … WHERE id AND status AND attempts` as the policy saw them, so of two
//   racing writers one wins and the other is told (a typed conflict) instead of overwriting;
// - an attempt row is claimed (INSERT … ON CONFLICT DO NOTHING) in the same transaction that moves
//   the callback to `dialling`, so an attempt is dialled at most once, even after a crash.
import { type Kysely, sql, type Transaction } from 'kysely';
import type {
  CallbackAttemptRecord,
  CallbackAuditRecord,
  CallbackRecord,
} from '../callbacks/callback-record.ts';
import {
  type AuditEntry,
  type CallbackKind,
  type CallbackState,
  type CallbackStatus,
  OPEN_STATUSES,
} from '../callbacks/policy/callback-lifecycle.ts';
import { CallbackId, type CallId, type OperatorId, ServiceId } from '../domain/ids.ts';
import type { CallbackAttemptRow, CallbackEventRow, CallbackRow, Database } from './schema.ts';

export interface NewCallback {
  id: CallbackId;
  kind: CallbackKind;
  serviceId: ServiceId;
  number: string;
  language: string;
  dueFrom: number;
  dueUntil: number;
  maxAttempts: number;
  sourceCallId?: CallId | null;
  /** Creation time (the engine's clock). */
  at: number;
  /** Why it is due when it is (the plan's reason), kept in the `scheduled` audit row. */
  reason: string;
}

export type CreateResult =
  | { kind: 'created'; callback: CallbackRecord }
  /** One is already open for this (service, number); `existing` is it (when it is still open). */
  | { kind: 'already-open'; existing: CallbackRecord | undefined };

export type TransitionWrite =
  | { kind: 'applied'; callback: CallbackRecord }
  /** Someone else changed the callback first; `current` is how it is now. */
  | { kind: 'conflict'; current: CallbackRecord | undefined };

export type StartAttemptResult =
  | { kind: 'started'; callback: CallbackRecord }
  /** The attempt row exists already: this attempt was (or is being) made elsewhere. */
  | { kind: 'already-claimed' }
  | { kind: 'conflict'; current: CallbackRecord | undefined };

export interface CallbackListQuery {
  status?: CallbackStatus;
  kind?: CallbackKind;
  /** Callbacks whose due window overlaps [from, until) — one local day, computed by the caller. */
  dueDuring?: { from: number; until: number };
  limit: number;
}

type Db = Kysely<Database> | Transaction<Database>;

const UNIQUE_VIOLATION = '23505';
const ONE_OPEN_INDEX = 'callbacks_one_open_idx';

export class CallbackRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores a new `scheduled` callback with its first audit row, unless one is open for the number. */
  async create(c: NewCallback): Promise<CreateResult> {
    const at = new Date(c.at);
    try {
      await this.db.transaction().execute(async (tx) => {
        await tx
          .insertInto('callbacks')
          .values({
            id: c.id,
            kind: c.kind,
            service_id: c.serviceId,
            number: c.number,
            language: c.language,
            status: 'scheduled',
            due_from: new Date(c.dueFrom),
            due_until: new Date(c.dueUntil),
            next_attempt_at: new Date(c.dueFrom),
            attempts: 0,
            max_attempts: c.maxAttempts,
            // The call row is written behind the caller's audio and may not be there yet: the link
            // is kept when it is, and never blocks the callback.
            source_call_id: c.sourceCallId
              ? sql<string | null>`(SELECT id FROM calls WHERE id = ${c.sourceCallId})`
              : null,
            created_at: at,
            updated_at: at,
          })
          .execute();
        await insertAudit(tx, c.id, { from: null, to: 'scheduled', attempt: 0, reason: c.reason, at: c.at });
      });
    } catch (err) {
      if (isOneOpenViolation(err)) {
        return { kind: 'already-open', existing: await this.findOpen(c.serviceId, c.number) };
      }
      throw err;
    }
    const callback = await this.get(c.id);
    if (!callback) throw new Error(`callback ${c.id} vanished right after it was stored`);
    return { kind: 'created', callback };
  }

  async get(id: string): Promise<CallbackRecord | undefined> {
    const row = await this.db.selectFrom('callbacks').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  /** The callback with its audit trail, oldest entry first. */
  async getWithAudit(
    id: string,
  ): Promise<
    { callback: CallbackRecord; audit: CallbackAuditRecord[]; attempts: CallbackAttemptRecord[] } | undefined
  > {
    const callback = await this.get(id);
    if (!callback) return undefined;
    const [events, attempts] = await Promise.all([
      this.db.selectFrom('callback_events').selectAll().where('callback_id', '=', id).orderBy('id').execute(),
      this.db
        .selectFrom('callback_attempts')
        .selectAll()
        .where('callback_id', '=', id)
        .orderBy('attempt')
        .execute(),
    ]);
    return { callback, audit: events.map(toAudit), attempts: attempts.map(toAttempt) };
  }

  async findOpen(serviceId: string, number: string): Promise<CallbackRecord | undefined> {
    const row = await this.db
      .selectFrom('callbacks')
      .selectAll()
      .where('service_id', '=', serviceId)
      .where('number', '=', number)
      .where('status', 'in', OPEN_STATUSES)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Open callbacks of a number in any service. */
  /** How many callbacks are in each status (the metrics). */
  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('callbacks')
      .select((eb) => ['status', eb.fn.countAll<string>().as('n')])
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  async findOpenByNumber(number: string): Promise<CallbackRecord[]> {
    const rows = await this.db
      .selectFrom('callbacks')
      .selectAll()
      .where('number', '=', number)
      .where('status', 'in', OPEN_STATUSES)
      .execute();
    return rows.map(toRecord);
  }

  async list(q: CallbackListQuery): Promise<CallbackRecord[]> {
    let query = this.db.selectFrom('callbacks').selectAll();
    if (q.status) query = query.where('status', '=', q.status);
    if (q.kind) query = query.where('kind', '=', q.kind);
    if (q.dueDuring) {
      query = query
        .where('due_from', '<', new Date(q.dueDuring.until))
        .where('due_until', '>', new Date(q.dueDuring.from));
    }
    const rows = await query.orderBy('due_from').orderBy('id').limit(q.limit).execute();
    return rows.map(toRecord);
  }

  /** Every `scheduled` callback: the reconciler makes sure each has its job. */
  async listScheduled(): Promise<CallbackRecord[]> {
    const rows = await this.db
      .selectFrom('callbacks')
      .selectAll()
      .where('status', '=', 'scheduled')
      .orderBy('next_attempt_at')
      .execute();
    return rows.map(toRecord);
  }

  /**
   * Writes a policy transition if the callback is still as the policy saw it (`before`), with its
   * audit row, optionally closing the attempt in progress, all in one transaction.
   */
  async applyTransition(
    id: string,
    before: Pick<CallbackState, 'status' | 'attempts'>,
    moved: { next: CallbackState; audit: AuditEntry },
    opts: { finishAttempt?: { attempt: number; result: string }; operatorId?: OperatorId | null } = {},
  ): Promise<TransitionWrite> {
    const applied = await this.db.transaction().execute(async (tx) => {
      if (!(await guardedUpdate(tx, id, before, moved, opts.operatorId))) return false;
      await insertAudit(tx, id, moved.audit);
      if (opts.finishAttempt) {
        await finish(tx, id, opts.finishAttempt.attempt, opts.finishAttempt.result, moved.audit.at);
      }
      return true;
    });
    if (!applied) return { kind: 'conflict', current: await this.get(id) };
    const callback = await this.get(id);
    if (!callback) return { kind: 'conflict', current: undefined };
    return { kind: 'applied', callback };
  }

  /**
   * Claims attempt `moved.next.attempts` and moves the callback to `dialling` in one transaction:
   * either both happen or neither, so a `dialling` callback always has its unfinished attempt row.
   */
  async startAttempt(
    id: string,
    before: Pick<CallbackState, 'status' | 'attempts'>,
    moved: { next: CallbackState; audit: AuditEntry },
    worker: string,
  ): Promise<StartAttemptResult> {
    type Outcome = 'started' | 'already-claimed' | 'conflict';
    const rollback = new Error('rollback');
    let outcome = 'started' as Outcome; // set inside the transaction callback
    try {
      await this.db.transaction().execute(async (tx) => {
        if (!(await claim(tx, id, moved.next.attempts, worker, moved.audit.at))) {
          outcome = 'already-claimed';
          throw rollback;
        }
        if (!(await guardedUpdate(tx, id, before, moved))) {
          outcome = 'conflict';
          throw rollback;
        }
        await insertAudit(tx, id, moved.audit);
      });
    } catch (err) {
      if (err !== rollback) throw err;
    }
    if (outcome === 'already-claimed') return { kind: 'already-claimed' };
    const current = await this.get(id);
    if (outcome === 'conflict' || !current) return { kind: 'conflict', current };
    return { kind: 'started', callback: current };
  }

  /** Claims an attempt row on its own; false when it was claimed before. */
  async claimAttempt(id: string, attempt: number, worker: string, at: number): Promise<boolean> {
    return claim(this.db, id, attempt, worker, at);
  }

  /** Closes an attempt with its result; false when it was already closed (the first result stays). */
  async finishAttempt(id: string, attempt: number, result: string, at: number): Promise<boolean> {
    return finish(this.db, id, attempt, result, at);
  }

  /** Attempts claimed but never finished: in progress here, or left behind by a worker that died. */
  async unfinishedAttempts(): Promise<CallbackAttemptRecord[]> {
    const rows = await this.db
      .selectFrom('callback_attempts')
      .selectAll()
      .where('ended_at', 'is', null)
      .orderBy('claimed_at')
      .execute();
    return rows.map(toAttempt);
  }

  /** Notes which operator took the attempt (shown by the API). */
  async setOperator(id: string, operatorId: OperatorId, at: number): Promise<void> {
    await this.db
      .updateTable('callbacks')
      .set({ operator_id: operatorId, updated_at: new Date(at) })
      .where('id', '=', id)
      .execute();
  }
}

async function guardedUpdate(
  db: Db,
  id: string,
  before: Pick<CallbackState, 'status' | 'attempts'>,
  moved: { next: CallbackState; audit: AuditEntry },
  operatorId?: OperatorId | null,
): Promise<boolean> {
  const result = await db
    .updateTable('callbacks')
    .set({
      status: moved.next.status,
      attempts: moved.next.attempts,
      next_attempt_at: new Date(moved.next.nextAttemptAt),
      updated_at: new Date(moved.audit.at),
      ...(operatorId !== undefined && { operator_id: operatorId }),
    })
    .where('id', '=', id)
    .where('status', '=', before.status)
    .where('attempts', '=', before.attempts)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

async function insertAudit(
  db: Db,
  id: string,
  a: { from: CallbackStatus | null; to: CallbackStatus; attempt: number; reason: string; at: number },
): Promise<void> {
  await db
    .insertInto('callback_events')
    .values({
      callback_id: id,
      at: new Date(a.at),
      from_status: a.from,
      to_status: a.to,
      attempt: a.attempt,
      reason: a.reason,
    })
    .execute();
}

async function claim(db: Db, id: string, attempt: number, worker: string, at: number): Promise<boolean> {
  const result = await db
    .insertInto('callback_attempts')
    .values({ callback_id: id, attempt, worker, claimed_at: new Date(at) })
    .onConflict((oc) => oc.columns(['callback_id', 'attempt']).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

async function finish(db: Db, id: string, attempt: number, result: string, at: number): Promise<boolean> {
  const r = await db
    .updateTable('callback_attempts')
    .set({ ended_at: new Date(at), result })
    .where('callback_id', '=', id)
    .where('attempt', '=', attempt)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

function isOneOpenViolation(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown };
  return e?.code === UNIQUE_VIOLATION && e.constraint === ONE_OPEN_INDEX;
}

const ms = (d: Date | string) => new Date(d).getTime();

function toRecord(r: CallbackRow): CallbackRecord {
  return {
    id: CallbackId(r.id),
    kind: r.kind,
    serviceId: ServiceId(r.service_id),
    number: r.number,
    language: r.language,
    status: r.status,
    dueFrom: ms(r.due_from),
    dueUntil: ms(r.due_until),
    nextAttemptAt: ms(r.next_attempt_at),
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    sourceCallId: r.source_call_id,
    operatorId: r.operator_id,
    createdAt: ms(r.created_at),
    updatedAt: ms(r.updated_at),
  };
}

function toAudit(r: CallbackEventRow): CallbackAuditRecord {
  return {
    at: ms(r.at),
    from: r.from_status as CallbackStatus | null,
    to: r.to_status as CallbackStatus,
    attempt: r.attempt,
    reason: r.reason,
  };
}

function toAttempt(r: CallbackAttemptRow): CallbackAttemptRecord {
  return {
    callbackId: CallbackId(r.callback_id),
    attempt: r.attempt,
    claimedAt: ms(r.claimed_at),
    worker: r.worker,
    endedAt: r.ended_at === null ? null : ms(r.ended_at),
    result: r.result,
  };
}
