// Writes records the way the engine does (calls, queue entries, lost calls, callbacks with their
// audit trail, escalations, live intervals), so a report's right answer is known in advance.
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/schema.ts';

const S = 1000;

export interface CallSpec {
  at: string | number;
  number?: string;
  outcome?: string;
  /** Joined the queue `after` s into the call, waited `wait` s, left as `state`. */
  queue?: {
    state: 'connected' | 'abandoned' | 'lost' | 'left';
    wait: number;
    operator?: string;
    urgent?: boolean;
  };
  /** Talk time after an operator took the call, in seconds (default 120). */
  talk?: number;
  /** The callback made for a lost call or booked from the queue / menu. */
  callback?: CallbackSpec;
  escalation?: { answeredAfter?: number; reason?: string };
  service?: string;
}

export interface CallbackSpec {
  kind: 'lost-call' | 'booked';
  status: 'scheduled' | 'dialling' | 'reached' | 'failed' | 'expired' | 'cancelled';
  attempts: number;
  /** When it ended (reached / failed …); default an hour after the call. */
  at?: string | number;
  /** Booked: when it was created (default the end of the call). */
  createdAt?: string | number;
}

const ms = (t: string | number) => (typeof t === 'number' ? t : Date.parse(t));

let seq = 0;

/** Inserts one call with what followed it; returns its id. */
export async function insertCall(db: Kysely<Database>, c: CallSpec): Promise<string> {
  const id = randomUUID();
  const service = c.service ?? 'citizens';
  const number = c.number ?? `+99450${String(1_000_000 + ++seq).slice(1)}`;
  const start = ms(c.at);
  const joined = start + 5 * S;
  const left = c.queue ? joined + c.queue.wait * S : start + 30 * S;
  const end = c.queue?.state === 'connected' ? left + (c.talk ?? 120) * S : left;
  const outcome =
    c.outcome ??
    (c.queue?.state === 'connected'
      ? 'operator'
      : c.queue?.state === 'left'
        ? 'callback-booked'
        : c.queue
          ? 'abandoned-in-queue'
          : 'goodbye');
  await db
    .insertInto('calls')
    .values({
      id,
      channel_id: `ch-${id}`,
      service_id: service,
      caller_number: number,
      dialled_number: '1655',
      language: 'az',
      config_version: 'fixture',
      started_at: new Date(start),
      answered_at: new Date(start),
      ended_at: new Date(end),
      end_cause: 'caller-hangup',
      outcome,
    })
    .execute();
  if (c.queue) {
    await db
      .insertInto('queue_entries')
      .values({
        call_id: id,
        service_id: service,
        channel_id: `ch-${id}`,
        caller_number: number,
        language: 'az',
        urgent: c.queue.urgent ?? false,
        joined_at: new Date(joined),
        state: c.queue.state,
        operator_id: c.queue.operator ?? null,
        left_at: new Date(left),
        menu_path: '[]',
        collected: '{}',
      })
      .execute();
  }
  let lostId: string | undefined;
  if (c.queue?.state === 'lost') {
    lostId = randomUUID();
    await db
      .insertInto('lost_calls')
      .values({
        id: lostId,
        call_id: id,
        service_id: service,
        caller_number: number,
        language: 'az',
        waited_ms: c.queue.wait * S,
        position: 1,
        hung_up_at: new Date(left),
        callback_settled_at: new Date(left),
      })
      .execute();
  }
  if (c.callback) {
    const cbId = await insertCallback(db, {
      ...c.callback,
      service,
      number,
      sourceCallId: id,
      createdAt: c.callback.createdAt ?? end,
    });
    if (lostId)
      await db.updateTable('lost_calls').set({ callback_id: cbId }).where('id', '=', lostId).execute();
  }
  if (c.escalation) {
    await db
      .insertInto('escalations')
      .values({
        id: randomUUID(),
        call_id: id,
        service_id: service,
        caller_number: number,
        reason: c.escalation.reason ?? 'threat-to-life-health-liberty',
        raised_at: new Date(joined),
        webhook_status: 'delivered',
        answered_at:
          c.escalation.answeredAfter === undefined ? null : new Date(joined + c.escalation.answeredAfter * S),
        answered_by: c.escalation.answeredAfter === undefined ? null : 'op-1',
        menu_path: '[]',
        collected: '{}',
      })
      .execute();
  }
  return id;
}

export async function insertCallback(
  db: Kysely<Database>,
  c: CallbackSpec & {
    service: string;
    number: string;
    sourceCallId: string | null;
    createdAt: string | number;
  },
): Promise<string> {
  const id = randomUUID();
  const created = ms(c.createdAt);
  const ended = c.at !== undefined ? ms(c.at) : created + 3600 * S;
  await db
    .insertInto('callbacks')
    .values({
      id,
      kind: c.kind,
      service_id: c.service,
      number: c.number,
      language: 'az',
      status: c.status,
      due_from: new Date(created),
      due_until: new Date(created + 12 * 3600 * S),
      next_attempt_at: new Date(ended),
      attempts: c.attempts,
      max_attempts: 3,
      source_call_id: c.sourceCallId,
      operator_id: null,
      created_at: new Date(created),
      updated_at: new Date(ended),
    })
    .execute();
  await db
    .insertInto('callback_events')
    .values({
      callback_id: id,
      at: new Date(created),
      from_status: null,
      to_status: 'scheduled',
      attempt: 0,
      reason: 'fixture',
    })
    .execute();
  if (c.status !== 'scheduled') {
    await db
      .insertInto('callback_events')
      .values({
        callback_id: id,
        at: new Date(ended),
        from_status: 'dialling',
        to_status: c.status,
        attempt: c.attempts,
        reason: 'fixture',
      })
      .execute();
  }
  return id;
}

export async function insertLiveInterval(
  db: Kysely<Database>,
  operatorId: string,
  from: string,
  until: string,
): Promise<void> {
  await db
    .insertInto('operator_live_intervals')
    .values({ operator_id: operatorId, started_at: new Date(from), ended_at: new Date(until) })
    .execute();
}

let appealSeq = 0;

export interface AppealSpec {
  registeredAt: string;
  category: string;
  status: string;
  deadline: string;
  resultAt?: string;
  unit?: string;
  referralSentAt?: string;
}

export async function insertAppeal(db: Kysely<Database>, a: AppealSpec): Promise<void> {
  const seq = ++appealSeq;
  const registered = new Date(a.registeredAt);
  await sql`
    INSERT INTO appeals (reg_no, service_id, year, seq, registered_at, citizen_number, language, category, summary,
      unit_id, deadline, deadline_days, status, result_at, referral_sent_at, updated_at)
    VALUES (${`1655-2026-${String(seq).padStart(6, '0')}`}, 'citizens', 2026, ${seq}, ${registered}, '+994501234567',
      'az', ${a.category}, 'fixture', ${a.unit ?? null}, ${new Date(a.deadline)}, 15, ${a.status},
      ${a.resultAt ? new Date(a.resultAt) : null}, ${a.referralSentAt ? new Date(a.referralSentAt) : null},
      ${registered})`.execute(db);
}

export async function insertSurveyAnswer(
  db: Kysely<Database>,
  s: { callId: string; question: 'rating' | 'resolved'; answer: string; operator: string; at: string },
): Promise<void> {
  await sql`
    INSERT INTO survey_answers (call_id, question, service_id, operator_id, answer, answered_at)
    VALUES (${s.callId}, ${s.question}, 'citizens', ${s.operator}, ${s.answer}, ${new Date(s.at)})`.execute(
    db,
  );
}
