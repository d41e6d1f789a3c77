// The desk's storage: wrap-ups (sql/060_desk_wrap_ups.sql) and what a screen pop reads — the
// number's recent calls, a callback with the call it came from, the callbacks an operator holds.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { OperatorId } from '../domain/ids.ts';
import { linkSurveyAnswers } from '../survey/survey-repository.ts';
import { type RecentCall, type ScreenPop, ScreenPopSchema } from './screen-pop.ts';

export type WrapUpStatus = 'pending' | 'done' | 'missing';

export interface WrapUpRecord {
  workId: string;
  workKind: 'call' | 'callback';
  operatorId: string;
  callerNumber: string;
  reason: string;
  endedAt: number;
  deadline: number;
  status: WrapUpStatus;
  doneAt: number | null;
  doneBy: string | null;
  regNo: string | null;
  pop: ScreenPop;
}

/** What opens a wrap-up row. */
export type NewWrapUp = Omit<WrapUpRecord, 'status' | 'doneAt' | 'doneBy' | 'regNo'>;

export interface CallbackContext {
  id: string;
  kind: 'lost-call' | 'booked' | 'urgent';
  serviceId: string;
  number: string;
  language: string;
  sourceCallId: string | null;
  /** The number as the source call's caller id gave it (how calls and appeals know the citizen). */
  sourceCallerNumber?: string;
  /** The source call's queue entry: what the caller chose, and whether it was urgent. */
  entry?: { reason: string; menuPath: string[]; collected: Record<string, string>; urgent: boolean };
}

export interface HeldCallback {
  id: string;
  kind: 'lost-call' | 'booked' | 'urgent';
  number: string;
  status: string;
  dueUntil: number;
  attempts: number;
}

export class DeskRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async recentCalls(number: string, exceptCallId: string | null, limit = 10): Promise<RecentCall[]> {
    let q = this.db.selectFrom('calls').selectAll().where('caller_number', '=', number);
    if (exceptCallId) q = q.where('id', '!=', exceptCallId);
    const rows = await q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      startedAt: r.started_at.toISOString(),
      endedAt: r.ended_at ? r.ended_at.toISOString() : null,
      outcome: r.outcome,
    }));
  }

  async callback(id: string): Promise<CallbackContext | undefined> {
    const cb = await this.db.selectFrom('callbacks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!cb) return undefined;
    const source = cb.source_call_id;
    const [entry, call] = source
      ? await Promise.all([
          this.db
            .selectFrom('queue_entries')
            .select(['reason', 'menu_path', 'collected', 'urgent'])
            .where('call_id', '=', source)
            .executeTakeFirst(),
          this.db.selectFrom('calls').select('caller_number').where('id', '=', source).executeTakeFirst(),
        ])
      : [undefined, undefined];
    return {
      id: cb.id,
      kind: cb.kind,
      serviceId: cb.service_id,
      number: cb.number,
      language: cb.language,
      sourceCallId: cb.source_call_id,
      ...(call && { sourceCallerNumber: call.caller_number }),
      ...(entry && {
        entry: {
          reason: entry.reason,
          menuPath: entry.menu_path,
          collected: entry.collected,
          urgent: entry.urgent,
        },
      }),
    };
  }

  /** Callbacks noted as taken by the operator and not closed yet. */
  async heldCallbacks(operatorId: OperatorId): Promise<HeldCallback[]> {
    const rows = await this.db
      .selectFrom('callbacks')
      .select(['id', 'kind', 'number', 'status', 'due_until', 'attempts'])
      .where('operator_id', '=', operatorId)
      .where('status', 'in', ['scheduled', 'dialling'])
      .orderBy('due_until', 'asc')
      .limit(50)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      number: r.number,
      status: r.status,
      dueUntil: r.due_until.getTime(),
      attempts: r.attempts,
    }));
  }

  /** The wrap-up begins; a form already in (filled during the call) is kept. */
  async openWrapUp(w: NewWrapUp): Promise<void> {
    await this.db
      .insertInto('desk_wrap_ups')
      .values({ ...wrapUpColumns(w), status: 'pending', form: null })
      .onConflict((oc) => oc.column('work_id').doNothing())
      .execute();
  }

  /** The wrap-up time ran out (or the operator left) with no form: listed as missing. */
  async markMissing(workId: string): Promise<boolean> {
    const r = await this.db
      .updateTable('desk_wrap_ups')
      .set({ status: 'missing' })
      .where('work_id', '=', workId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /** The form is in: written (row created if the call is still on) before the operator is freed. */
  async markDone(
    w: NewWrapUp,
    done: { at: number; by: string; regNo: string; form: unknown },
  ): Promise<void> {
    const fields = {
      status: 'done' as const,
      done_at: new Date(done.at),
      done_by: done.by,
      reg_no: done.regNo,
      form: JSON.stringify(done.form),
    };
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('desk_wrap_ups')
        .values({ ...wrapUpColumns(w), ...fields })
        .onConflict((oc) => oc.column('work_id').doUpdateSet(fields))
        .execute();
      // The caller's post-call survey answers belong to the appeal of their call.
      if (w.workKind === 'call') await linkSurveyAnswers(tx, w.workId, done.regNo);
    });
  }

  /**
   * After a restart no operator is in wrap-up any more (they come back available): wrap-ups left
   * pending by the previous run are missing. Returns how many.
   */
  async pendingToMissing(): Promise<number> {
    const r = await this.db
      .updateTable('desk_wrap_ups')
      .set({ status: 'missing' })
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async wrapUp(workId: string): Promise<WrapUpRecord | undefined> {
    const r = await this.db
      .selectFrom('desk_wrap_ups')
      .selectAll()
      .where('work_id', '=', workId)
      .executeTakeFirst();
    return r && toRecord(r);
  }

  async listWrapUps(q: {
    status?: WrapUpStatus;
    operatorId?: string;
    limit: number;
  }): Promise<WrapUpRecord[]> {
    let query = this.db.selectFrom('desk_wrap_ups').selectAll();
    if (q.status) query = query.where('status', '=', q.status);
    if (q.operatorId) query = query.where('operator_id', '=', q.operatorId);
    const rows = await query.orderBy('ended_at', 'desc').limit(q.limit).execute();
    return rows.map(toRecord);
  }
}

function toRecord(r: {
  work_id: string;
  work_kind: 'call' | 'callback';
  operator_id: string;
  caller_number: string;
  reason: string;
  pop: Record<string, unknown>;
  ended_at: Date;
  deadline: Date;
  status: WrapUpStatus;
  done_at: Date | null;
  done_by: string | null;
  reg_no: string | null;
}): WrapUpRecord {
  return {
    workId: r.work_id,
    workKind: r.work_kind,
    operatorId: r.operator_id,
    callerNumber: r.caller_number,
    reason: r.reason,
    endedAt: r.ended_at.getTime(),
    deadline: r.deadline.getTime(),
    status: r.status,
    doneAt: r.done_at ? r.done_at.getTime() : null,
    doneBy: r.done_by,
    regNo: r.reg_no,
    pop: ScreenPopSchema.parse(r.pop),
  };
}

/** The columns a wrap-up row takes from the call it follows. */
function wrapUpColumns(w: NewWrapUp) {
  return {
    work_id: w.workId,
    work_kind: w.workKind,
    operator_id: w.operatorId,
    caller_number: w.callerNumber,
    reason: w.reason,
    pop: JSON.stringify(w.pop),
    ended_at: new Date(w.endedAt),
    deadline: new Date(w.deadline),
  };
}
