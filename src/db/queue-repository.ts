// Postgres side of the queue: who waits since when (restart safety), lost calls, escalations,
// operators' presence and their live-service intervals (the weekly cap).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CallId, OperatorId } from '../domain/ids.ts';
import type { CallerChoice, RestoredOperator } from '../queue/index.ts';
import type { Database, LostCallRow } from './schema.ts';

export interface WaitingEntry {
  callId: CallId;
  serviceId: string;
  channelId: string;
  callerNumber: string;
  language: string;
  urgent: boolean;
  joinedAt: number;
  choice: CallerChoice;
}

export interface LostCallInput {
  callId: CallId;
  serviceId: string;
  callerNumber: string;
  language: string;
  waitedMs: number;
  position: number;
  hungUpAt: number;
  /** An urgent caller: called back at once, at any hour. */
  urgent?: boolean;
}

export interface EscalationInput {
  id: string;
  callId: CallId;
  serviceId: string;
  callerNumber: string;
  reason: string;
  raisedAt: number;
  language?: string;
  choice?: CallerChoice;
}

export class QueueRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async upsertWaiting(e: WaitingEntry): Promise<void> {
    await this.db
      .insertInto('queue_entries')
      .values({
        call_id: e.callId,
        service_id: e.serviceId,
        channel_id: e.channelId,
        caller_number: e.callerNumber,
        language: e.language,
        urgent: e.urgent,
        joined_at: new Date(e.joinedAt),
        state: 'waiting',
        reason: e.choice.reason,
        menu_path: JSON.stringify(e.choice.menuPath),
        collected: JSON.stringify(e.choice.collected),
      })
      .onConflict((oc) => oc.column('call_id').doUpdateSet({ state: 'waiting', channel_id: e.channelId }))
      .execute();
  }

  async closeEntry(callId: CallId, state: string, at: number, operatorId?: OperatorId): Promise<void> {
    await this.db
      .updateTable('queue_entries')
      .set({ state, left_at: new Date(at), operator_id: operatorId ?? null })
      .where('call_id', '=', callId)
      .execute();
  }

  async waitingEntries(): Promise<WaitingEntry[]> {
    const rows = await this.db
      .selectFrom('queue_entries')
      .selectAll()
      .where('state', '=', 'waiting')
      .execute();
    return rows.map((r) => ({
      callId: r.call_id as CallId,
      serviceId: r.service_id,
      channelId: r.channel_id,
      callerNumber: r.caller_number,
      language: r.language,
      urgent: r.urgent,
      joinedAt: new Date(r.joined_at).getTime(),
      choice: { reason: r.reason, menuPath: r.menu_path, collected: r.collected },
    }));
  }

  /** What each of these calls chose in the menu (calls that never reached the queue are absent). */
  async choicesOf(callIds: readonly string[]): Promise<Map<string, CallerChoice>> {
    if (callIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('queue_entries')
      .select(['call_id', 'reason', 'menu_path', 'collected'])
      .where('call_id', 'in', callIds)
      .execute();
    return new Map(
      rows.map((r) => [r.call_id, { reason: r.reason, menuPath: r.menu_path, collected: r.collected }]),
    );
  }

  /** Idempotent per call: a retried write returns the id of the first. */
  async recordLostCall(l: LostCallInput): Promise<string> {
    const id = randomUUID();
    await this.db
      .insertInto('lost_calls')
      .values({
        id,
        call_id: l.callId,
        service_id: l.serviceId,
        caller_number: l.callerNumber,
        language: l.language,
        waited_ms: Math.round(l.waitedMs),
        position: l.position,
        hung_up_at: new Date(l.hungUpAt),
        ...(l.urgent && { urgent: true }),
      })
      .onConflict((oc) => oc.column('call_id').doNothing())
      .execute();
    const row = await this.db
      .selectFrom('lost_calls')
      .select('id')
      .where('call_id', '=', l.callId)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async linkLostCallback(lostCallId: string, callbackId: string): Promise<void> {
    await this.db
      .updateTable('lost_calls')
      .set({ callback_id: callbackId })
      .where('id', '=', lostCallId)
      .execute();
  }

  /** The lost-call outbox: lost calls whose callback is still owed, oldest first. */
  async unsettledLostCalls(limit: number): Promise<LostCallRow[]> {
    return this.db
      .selectFrom('lost_calls')
      .selectAll()
      .where('callback_settled_at', 'is', null)
      .orderBy('hung_up_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** The lost call's callback is decided (created, or refused with a logged reason). */
  async settleLostCall(lostCallId: string, at: number): Promise<void> {
    await this.db
      .updateTable('lost_calls')
      .set({ callback_settled_at: new Date(at) })
      .where('id', '=', lostCallId)
      .where('callback_settled_at', 'is', null)
      .execute();
  }

  /**
   * "Did not call again" means "was not served since": a later call from the number that reached
   * an operator or booked a callback. A later call abandoned in the greeting does not count.
   */
  async calledAgain(serviceId: string, callerNumber: string, since: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('calls')
      .select('calls.id')
      .where('calls.service_id', '=', serviceId)
      .where('calls.caller_number', '=', callerNumber)
      .where('calls.started_at', '>', new Date(since))
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('queue_entries')
              .select('queue_entries.call_id')
              .whereRef('queue_entries.call_id', '=', 'calls.id')
              .where('queue_entries.state', '=', 'connected'),
          ),
          eb.exists(
            eb
              .selectFrom('callbacks')
              .select('callbacks.id')
              .whereRef('callbacks.source_call_id', '=', 'calls.id')
              .where('callbacks.kind', '=', 'booked'),
          ),
        ]),
      )
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async listLostCalls(q: { since?: Date; limit: number }): Promise<LostCallRow[]> {
    let query = this.db.selectFrom('lost_calls').selectAll();
    if (q.since) query = query.where('hung_up_at', '>=', q.since);
    return query.orderBy('hung_up_at', 'desc').orderBy('id').limit(q.limit).execute();
  }

  /** Idempotent: a retried write with the same id stores one row. */
  async recordEscalation(e: EscalationInput): Promise<void> {
    await this.db
      .insertInto('escalations')
      .values({
        id: e.id,
        call_id: e.callId,
        service_id: e.serviceId,
        caller_number: e.callerNumber,
        reason: e.reason,
        raised_at: new Date(e.raisedAt),
        language: e.language ?? null,
        ...(e.choice && {
          menu_path: JSON.stringify(e.choice.menuPath),
          collected: JSON.stringify(e.choice.collected),
        }),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  async updateEscalation(
    id: string,
    set: {
      webhookStatus?: string;
      webhookAttempts?: number;
      dutyRungAt?: number;
      answeredAt?: number;
      answeredBy?: string;
    },
  ): Promise<void> {
    await this.db
      .updateTable('escalations')
      .set({
        ...(set.webhookStatus !== undefined && { webhook_status: set.webhookStatus }),
        ...(set.webhookAttempts !== undefined && { webhook_attempts: set.webhookAttempts }),
        ...(set.dutyRungAt !== undefined && { duty_rung_at: new Date(set.dutyRungAt) }),
        ...(set.answeredAt !== undefined && { answered_at: new Date(set.answeredAt) }),
        ...(set.answeredBy !== undefined && { answered_by: set.answeredBy }),
      })
      .where('id', '=', id)
      .execute();
  }

  async saveOperatorState(
    operatorId: OperatorId,
    state: string,
    reason: string | null,
    since: number,
  ): Promise<void> {
    const row = { operator_id: operatorId, state, reason, since: new Date(since) };
    await this.db
      .insertInto('operator_states')
      .values(row)
      .onConflict((oc) => oc.column('operator_id').doUpdateSet({ state, reason, since: row.since }))
      .execute();
  }

  /** Presence to restore after a restart; someone ringing or talking then is available again. */
  async restoredOperators(): Promise<RestoredOperator[]> {
    const rows = await this.db.selectFrom('operator_states').selectAll().execute();
    return rows.map((r) => ({
      operatorId: r.operator_id as OperatorId,
      state: r.state === 'offline' || r.state === 'paused' ? r.state : 'available',
      ...(r.reason ? { reason: r.reason } : {}),
      since: new Date(r.since).getTime(),
    }));
  }

  /** Opens a live interval unless one is open already (a retried write opens nothing twice). */
  async openLiveInterval(operatorId: OperatorId, at: number): Promise<void> {
    const open = await this.db
      .selectFrom('operator_live_intervals')
      .select('id')
      .where('operator_id', '=', operatorId)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    if (open) return;
    await this.db
      .insertInto('operator_live_intervals')
      .values({ operator_id: operatorId, started_at: new Date(at) })
      .execute();
  }

  async closeLiveInterval(operatorId: OperatorId, at: number): Promise<void> {
    await this.db
      .updateTable('operator_live_intervals')
      .set({ ended_at: new Date(at) })
      .where('operator_id', '=', operatorId)
      .where('ended_at', 'is', null)
      .execute();
  }

  /** Heartbeat: the open intervals are still live at `at`. */
  async touchOpenIntervals(at: number): Promise<void> {
    await this.db
      .updateTable('operator_live_intervals')
      .set({ last_seen_at: new Date(at) })
      .where('ended_at', 'is', null)
      .execute();
  }

  /**
   * Start-up: intervals a previous process left open end at their last heartbeat (or where they
   * began), so time the engine was down is not counted as service time. Returns how many.
   */
  async closeStaleIntervals(): Promise<number> {
    const result = await this.db
      .updateTable('operator_live_intervals')
      .set((eb) => ({ ended_at: eb.fn.coalesce('last_seen_at', 'started_at') }))
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Intervals that overlap [since, ∞), for the weekly cap after a restart. */
  async liveIntervalsSince(since: number): Promise<Map<OperatorId, Array<{ start: number; end?: number }>>> {
    const rows = await this.db
      .selectFrom('operator_live_intervals')
      .selectAll()
      .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', new Date(since))]))
      .orderBy('started_at')
      .execute();
    const out = new Map<OperatorId, Array<{ start: number; end?: number }>>();
    for (const r of rows) {
      const list = out.get(r.operator_id as OperatorId) ?? [];
      list.push({
        start: new Date(r.started_at).getTime(),
        ...(r.ended_at ? { end: new Date(r.ended_at).getTime() } : {}),
      });
      out.set(r.operator_id as OperatorId, list);
    }
    return out;
  }
}
