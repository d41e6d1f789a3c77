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
  /** An urgent caller: called back at once, at any hour (sql/031). */
  urgent: Generated<boolean>;
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
  webhook_url: string | null;
  webhook_retries: Generated<number>;
  webhook_last_error: string | null;
  webhook_delivered_at: Timestamp | null;
}

/** The rungs of the urgent escalation ladder rung for an escalation (sql/030, src/escalation). */
export interface EscalationRungsTable {
  escalation_id: string;
  attempt: number;
  round: number;
  rung: number;
  endpoint: string;
  name: string | null;
  rung_at: Timestamp;
  ended_at: Timestamp | null;
  outcome: string | null;
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
  kind: 'lost-call' | 'booked' | 'urgent';
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

/** Accounts (sql/010_accounts.sql): text[] columns travel as JS arrays (node-pg converts them). */
export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  operator_id: string | null;
  unit_ids: ColumnType<string[], string[] | undefined, string[]>;
  language: Generated<string>;
  disabled: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SessionsTable {
  id: string;
  data: ColumnType<Record<string, unknown>, string, string>;
  expires_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor: string;
  action: string;
  target: string | null;
  before: ColumnType<unknown, string | null, string | null>;
  after: ColumnType<unknown, string | null, string | null>;
  request_id: string | null;
}

/** Appeals (sql/020_appeals.sql). */
export interface AppealCountersTable {
  service_id: string;
  year: number;
  last_seq: number;
}

export interface AppealsTable {
  reg_no: string;
  service_id: string;
  year: number;
  seq: number;
  registered_at: Timestamp;
  call_ids: ColumnType<string[], string | undefined, string>;
  callback_ids: ColumnType<string[], string | undefined, string>;
  citizen_number: string;
  citizen_name: string | null;
  language: string;
  category: string;
  menu_path: ColumnType<string[], string | undefined, string>;
  keyed: ColumnType<Record<string, string>, string | undefined, string>;
  summary: string;
  unit_id: string | null;
  deadline: Timestamp;
  deadline_days: number;
  status: string;
  result: string | null;
  result_at: Timestamp | null;
  informed_how: string | null;
  informed_at: Timestamp | null;
  referral_body: string | null;
  referral_due_by: Timestamp | null;
  referral_sent_at: Timestamp | null;
  possible_repeat_of: ColumnType<string[] | null, string | null, string | null>;
  updated_at: Timestamp;
}

export interface AppealHistoryTable {
  id: Generated<string>;
  reg_no: string;
  at: Timestamp;
  actor: string;
  what: string;
  note: string | null;
}

export interface AppealRemindersTable {
  reg_no: string;
  day: string;
  kind: string;
  unit_id: string;
  sent_at: Timestamp | null;
  channels: ColumnType<string[], string | undefined, string>;
}

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: Timestamp;
}

/** The operator desk's wrap-ups (sql/060_desk_wrap_ups.sql). */
export interface DeskWrapUpsTable {
  work_id: string;
  work_kind: 'call' | 'callback';
  operator_id: string;
  caller_number: string;
  reason: string;
  pop: ColumnType<Record<string, unknown>, string, string>;
  ended_at: Timestamp;
  deadline: Timestamp;
  status: 'pending' | 'done' | 'missing';
  done_at: Timestamp | null;
  done_by: string | null;
  reg_no: string | null;
  form: ColumnType<Record<string, unknown> | null, string | null, string | null>;
}

export interface Database {
  calls: CallsTable;
  queue_entries: QueueEntriesTable;
  lost_calls: LostCallsTable;
  escalations: EscalationsTable;
  escalation_rungs: EscalationRungsTable;
  operator_states: OperatorStatesTable;
  operator_live_intervals: OperatorLiveIntervalsTable;
  callbacks: CallbacksTable;
  callback_events: CallbackEventsTable;
  callback_attempts: CallbackAttemptsTable;
  schema_migrations: SchemaMigrationsTable;
  desk_wrap_ups: DeskWrapUpsTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  appeal_counters: AppealCountersTable;
  appeals: AppealsTable;
  appeal_history: AppealHistoryTable;
  appeal_reminders: AppealRemindersTable;
  survey_answers: SurveyAnswersTable;
}

/** sql/040_survey.sql: one row per post-call survey question asked. */
export interface SurveyAnswersTable {
  call_id: string;
  question: string;
  service_id: string;
  operator_id: string | null;
  appeal_id: string | null;
  answer: string;
  answered_at: Timestamp;
}

export type CallRow = Selectable<CallsTable>;
export type NewCall = Insertable<CallsTable>;
export type CallUpdate = Updateable<CallsTable>;
export type CallbackRow = Selectable<CallbacksTable>;
export type CallbackEventRow = Selectable<CallbackEventsTable>;
export type CallbackAttemptRow = Selectable<CallbackAttemptsTable>;
export type LostCallRow = Selectable<LostCallsTable>;
