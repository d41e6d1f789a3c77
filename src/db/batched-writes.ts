// Many calls' row writes as one multi-row statement per kind of write, for the write journal's batches
// (src/durability/batch-applier.ts). Each statement keeps exactly the conditions of its single-row
// twin in call-repository.ts / queue-repository.ts ("first one wins", upsert), so a batch and the
// same writes applied one by one leave the same rows.
//
// Rows travel as one array per column through unnest(): the statement text is the same for any
// number of rows, and every column's type is cast explicitly (VALUES would infer each column's type
// from its first row). Timestamps are passed as Date like the single path, so a value Postgres
// rejects fails the same way (a data error) instead of throwing in JS first.
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

export interface StartedRow {
  id: string;
  channelId: string;
  serviceId: string | null;
  callerNumber: string;
  dialledNumber: string;
  language: string | null;
  configVersion: string | null;
  startedAt: Date;
}

export interface EndedRow {
  id: string;
  at: Date;
  cause: string;
  outcome: string;
}

export interface WaitingRow {
  callId: string;
  serviceId: string;
  channelId: string;
  callerNumber: string;
  language: string;
  urgent: boolean;
  joinedAt: Date;
  reason: string;
  menuPath: readonly string[];
  collected: Readonly<Record<string, string>>;
}

export interface ClosedRow {
  callId: string;
  state: string;
  at: Date;
  operatorId: string | null;
}

const col = <R, V>(rows: readonly R[], f: (r: R) => V): V[] => rows.map(f);

/** CallRepository.insertStarted for many calls: a row whose id or channel id exists is skipped. */
export function insertStartedCalls(rows: readonly StartedRow[]): RawBuilder<unknown> {
  return sql`
    INSERT INTO calls (id, channel_id, service_id, caller_number, dialled_number, language, config_version, started_at)
    SELECT * FROM unnest(
      ${col(rows, (r) => r.id)}::text[], ${col(rows, (r) => r.channelId)}::text[],
      ${col(rows, (r) => r.serviceId)}::text[], ${col(rows, (r) => r.callerNumber)}::text[],
      ${col(rows, (r) => r.dialledNumber)}::text[], ${col(rows, (r) => r.language)}::text[],
      ${col(rows, (r) => r.configVersion)}::text[], ${col(rows, (r) => r.startedAt)}::timestamptz[])
    ON CONFLICT DO NOTHING`;
}

/** CallRepository.markAnswered for many calls: answered_at is set once, the first time wins. */
export function markCallsAnswered(rows: ReadonlyArray<{ id: string; at: Date }>): RawBuilder<unknown> {
  return sql`
    UPDATE calls SET answered_at = v.at
    FROM unnest(${col(rows, (r) => r.id)}::text[], ${col(rows, (r) => r.at)}::timestamptz[]) AS v(id, at)
    WHERE calls.id = v.id AND calls.answered_at IS NULL`;
}

/** CallRepository.markEnded for many calls: the first end wins. */
export function markCallsEnded(rows: readonly EndedRow[]): RawBuilder<unknown> {
  return sql`
    UPDATE calls SET ended_at = v.at, end_cause = v.cause, outcome = v.outcome
    FROM unnest(
      ${col(rows, (r) => r.id)}::text[], ${col(rows, (r) => r.at)}::timestamptz[],
      ${col(rows, (r) => r.cause)}::text[], ${col(rows, (r) => r.outcome)}::text[]) AS v(id, at, cause, outcome)
    WHERE calls.id = v.id AND calls.ended_at IS NULL`;
}

/** CallRepository.setServiceAndLanguage({ language }) for many calls: the latest language is kept. */
export function setCallLanguages(rows: ReadonlyArray<{ id: string; language: string }>): RawBuilder<unknown> {
  return sql`
    UPDATE calls SET language = v.language
    FROM unnest(${col(rows, (r) => r.id)}::text[], ${col(rows, (r) => r.language)}::text[]) AS v(id, language)
    WHERE calls.id = v.id`;
}

/** QueueRepository.upsertWaiting for many calls: an entry already there is waiting again, on its new channel. */
export function upsertWaitingEntries(rows: readonly WaitingRow[]): RawBuilder<unknown> {
  return sql`
    INSERT INTO queue_entries
      (call_id, service_id, channel_id, caller_number, language, urgent, joined_at, state, reason, menu_path, collected)
    SELECT v.call_id, v.service_id, v.channel_id, v.caller_number, v.language, v.urgent, v.joined_at,
           'waiting', v.reason, v.menu_path::jsonb, v.collected::jsonb
    FROM unnest(
      ${col(rows, (r) => r.callId)}::text[], ${col(rows, (r) => r.serviceId)}::text[],
      ${col(rows, (r) => r.channelId)}::text[], ${col(rows, (r) => r.callerNumber)}::text[],
      ${col(rows, (r) => r.language)}::text[], ${col(rows, (r) => r.urgent)}::boolean[],
      ${col(rows, (r) => r.joinedAt)}::timestamptz[], ${col(rows, (r) => r.reason)}::text[],
      ${col(rows, (r) => JSON.stringify(r.menuPath))}::text[],
      ${col(rows, (r) => JSON.stringify(r.collected))}::text[])
      AS v(call_id, service_id, channel_id, caller_number, language, urgent, joined_at, reason, menu_path, collected)
    ON CONFLICT (call_id) DO UPDATE SET state = 'waiting', channel_id = EXCLUDED.channel_id`;
}

/** QueueRepository.closeEntry for many calls. */
export function closeQueueEntries(rows: readonly ClosedRow[]): RawBuilder<unknown> {
  return sql`
    UPDATE queue_entries SET state = v.state, left_at = v.at, operator_id = v.operator_id
    FROM unnest(
      ${col(rows, (r) => r.callId)}::text[], ${col(rows, (r) => r.state)}::text[],
      ${col(rows, (r) => r.at)}::timestamptz[], ${col(rows, (r) => r.operatorId)}::text[])
      AS v(call_id, state, at, operator_id)
    WHERE queue_entries.call_id = v.call_id`;
}

/**
 * Runs the statements as one: a single statement is atomic by itself, several become data-modifying
 * CTEs of one statement (one round trip, all or nothing). They all see the same snapshot, so no two
 * may touch the same row: the caller makes sure (one write per call a round).
 */
export async function executeTogether(db: Db, statements: readonly RawBuilder<unknown>[]): Promise<void> {
  if (statements.length === 0) return;
  if (statements.length === 1) {
    await statements[0]!.execute(db);
    return;
  }
  const parts = statements.map((s, i) => sql`${sql.raw(`w${i}`)} AS (${s})`);
  await sql`WITH ${sql.join(parts)} SELECT 1`.execute(db);
}
