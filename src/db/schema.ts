// Kysely's view of the tables in sql/. Keep in step with the migrations (a test checks they agree).
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** jsonb written as a JSON string (node-pg would turn a JS array into a Postgres array). */
type Json<T> = ColumnType<T, string | undefined, string>;

export interface CallsTable {
  id: string;
  channel_id: string;
  service_id: string | null;
  caller_number: string;
  dialled_number: string;
  language: string | null;
  config_version: string | null;
  started_at: Timestamp;
  answered_at: Timestamp | null;
  ended_at: Timestamp | null;
  end_cause: string | null;
  outcome: string | null;
}

export interface QueueEntriesTable {
  call_id: string;
  service_id: string;
  channel_id: string;
  caller_number: string;
  language: string;
  urgent: Generated<boolean>;
  joined_at: Timestamp;
  state: string;
  operator_id: string | null;
  left_at: Timestamp | null;
  reason: Generated<string>;
  menu_path: Json<string[]>;
  collected: Json<Record<string, string>>;
}

export interface LostCallsTable {
  id: string;
  call_id: string;
  service_id: string;
  caller_number: string;
  language: string;
  waited_ms: number;
  position: number;
  hung_up_at: Timestamp;
  callback_id: string | null;
  /** When the outbox decided the lost call's callback (null: still owed). */
  callback_settled_at: Timestamp | null;
}

export interface EscalationsTable {
  id: string;
  call_id: string;
  service_id: string;
  caller_number: string;
  reason: string;
  raised_at: Timestamp;
  webhook_status: Generated<string>;
  webhook_attempts: Generated<number>;
  duty_rung_at: Timestamp | null;
  answered_at: Timestamp | null;
  answered_by: string | null;
  language: string | null;
  menu_path: Json<string[]>;
  collected: Json<Record<string, string>>;
}

export interface OperatorStatesTable {
  operator_id: string;
  state: string;
  reason: string | null;
  since: Timestamp;
}

export interface OperatorLiveIntervalsTable {
  id: Generated<string>;
  operator_id: string;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  /** Last heartbeat while open; where a crashed process's interval is closed. */
  last_seen_at: Timestamp | null;
}

export interface CallbacksTable {
  id: string;
  kind: 'lost-call' | 'booked';
  service_id: string;
  number: string;
  language: string;
  status: 'scheduled' | 'dialling' | 'reached' | 'cancelled' | 'failed' | 'expired';
  due_from: Timestamp;
  due_until: Timestamp;
  next_attempt_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: number;
  source_call_id: string | null;
  operator_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CallbackEventsTable {
  id: Generated<string>;
  callback_id: string;
  at: Timestamp;
  from_status: string | null;
  to_status: string;
  attempt: number;
  reason: string;
}

export interface CallbackAttemptsTable {
  callback_id: string;
  attempt: number;
  claimed_at: Timestamp;
  worker: string;
  ended_at: Timestamp | null;
  result: string | null;
}

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: Timestamp;
}

export interface Database {
  calls: CallsTable;
  queue_entries: QueueEntriesTable;
  lost_calls: LostCallsTable;
  escalations: EscalationsTable;
  operator_states: OperatorStatesTable;
  operator_live_intervals: OperatorLiveIntervalsTable;
  callbacks: CallbacksTable;
  callback_events: CallbackEventsTable;
  callback_attempts: CallbackAttemptsTable;
  schema_migrations: SchemaMigrationsTable;
}

export type CallRow = Selectable<CallsTable>;
export type NewCall = Insertable<CallsTable>;
export type CallUpdate = Updateable<CallsTable>;
export type CallbackRow = Selectable<CallbacksTable>;
export type CallbackEventRow = Selectable<CallbackEventsTable>;
export type CallbackAttemptRow = Selectable<CallbackAttemptsTable>;
export type LostCallRow = Selectable<LostCallsTable>;
