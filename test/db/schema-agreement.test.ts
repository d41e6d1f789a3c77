// src/db/schema.ts (what the code believes) against the migrated database (what is true). The
// expected shape is computed from the Kysely interfaces by the type checker: add, drop or change
// the nullability/default of a column in one place only, and tsc or this test fails.
import type { InsertType, SelectType } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../support/services.ts';

type ColumnSpec<C> =
  `${null extends SelectType<C> ? 'nullable' : 'not null'}${undefined extends InsertType<C> ? ', default' : ''}`;
type SchemaSpec = { [T in keyof Database]: { [C in keyof Database[T]]-?: ColumnSpec<Database[T][C]> } };

// Every table and column of the Kysely interfaces, no more and no fewer (tsc checks both ways).
const expected = {
  calls: {
    id: 'not null',
    channel_id: 'not null',
    service_id: 'nullable',
    caller_number: 'not null',
    dialled_number: 'not null',
    language: 'nullable',
    config_version: 'nullable',
    started_at: 'not null',
    answered_at: 'nullable',
    ended_at: 'nullable',
    end_cause: 'nullable',
    outcome: 'nullable',
  },
  queue_entries: {
    call_id: 'not null',
    service_id: 'not null',
    channel_id: 'not null',
    caller_number: 'not null',
    language: 'not null',
    urgent: 'not null, default',
    joined_at: 'not null',
    state: 'not null',
    operator_id: 'nullable',
    left_at: 'nullable',
    reason: 'not null, default',
    menu_path: 'not null, default',
    collected: 'not null, default',
  },
  lost_calls: {
    id: 'not null',
    call_id: 'not null',
    service_id: 'not null',
    caller_number: 'not null',
    language: 'not null',
    waited_ms: 'not null',
    position: 'not null',
    hung_up_at: 'not null',
    callback_id: 'nullable',
    callback_settled_at: 'nullable',
    urgent: 'not null, default',
  },
  escalations: {
    id: 'not null',
    call_id: 'not null',
    service_id: 'not null',
    caller_number: 'not null',
    reason: 'not null',
    raised_at: 'not null',
    webhook_status: 'not null, default',
    webhook_attempts: 'not null, default',
    duty_rung_at: 'nullable',
    answered_at: 'nullable',
    answered_by: 'nullable',
    language: 'nullable',
    menu_path: 'not null, default',
    collected: 'not null, default',
    webhook_url: 'nullable',
    webhook_retries: 'not null, default',
    webhook_last_error: 'nullable',
    webhook_delivered_at: 'nullable',
  },
  escalation_rungs: {
    escalation_id: 'not null',
    attempt: 'not null',
    round: 'not null',
    rung: 'not null',
    endpoint: 'not null',
    name: 'nullable',
    rung_at: 'not null',
    ended_at: 'nullable',
    outcome: 'nullable',
  },
  operator_states: { operator_id: 'not null', state: 'not null', reason: 'nullable', since: 'not null' },
  operator_live_intervals: {
    id: 'not null, default',
    operator_id: 'not null',
    started_at: 'not null',
    ended_at: 'nullable',
    last_seen_at: 'nullable',
  },
  callbacks: {
    id: 'not null',
    kind: 'not null',
    service_id: 'not null',
    number: 'not null',
    language: 'not null',
    status: 'not null',
    due_from: 'not null',
    due_until: 'not null',
    next_attempt_at: 'not null',
    attempts: 'not null, default',
    max_attempts: 'not null',
    source_call_id: 'nullable',
    operator_id: 'nullable',
    created_at: 'not null',
    updated_at: 'not null',
  },
  callback_events: {
    id: 'not null, default',
    callback_id: 'not null',
    at: 'not null',
    from_status: 'nullable',
    to_status: 'not null',
    attempt: 'not null',
    reason: 'not null',
  },
  callback_attempts: {
    callback_id: 'not null',
    attempt: 'not null',
    claimed_at: 'not null',
    worker: 'not null',
    ended_at: 'nullable',
    result: 'nullable',
  },
  schema_migrations: { name: 'not null', checksum: 'not null', applied_at: 'not null' },
  desk_wrap_ups: {
    work_id: 'not null',
    work_kind: 'not null',
    operator_id: 'not null',
    caller_number: 'not null',
    reason: 'not null',
    pop: 'not null',
    ended_at: 'not null',
    deadline: 'not null',
    status: 'not null',
    done_at: 'nullable',
    done_by: 'nullable',
    reg_no: 'nullable',
    form: 'nullable',
  },
  users: {
    id: 'not null',
    username: 'not null',
    display_name: 'not null',
    password_hash: 'not null',
    roles: 'not null, default',
    operator_id: 'nullable',
    unit_ids: 'not null, default',
    language: 'not null, default',
    disabled: 'not null, default',
    failed_logins: 'not null, default',
    locked_until: 'nullable',
    created_at: 'not null, default',
    updated_at: 'not null, default',
  },
  sessions: { id: 'not null', data: 'not null', expires_at: 'not null' },
  audit_log: {
    id: 'not null, default',
    at: 'not null',
    actor: 'not null',
    action: 'not null',
    target: 'nullable',
    before: 'nullable',
    after: 'nullable',
    request_id: 'nullable',
  },
  appeal_counters: { service_id: 'not null', year: 'not null', last_seq: 'not null' },
  appeals: {
    reg_no: 'not null',
    service_id: 'not null',
    year: 'not null',
    seq: 'not null',
    registered_at: 'not null',
    call_ids: 'not null, default',
    callback_ids: 'not null, default',
    citizen_number: 'not null',
    citizen_name: 'nullable',
    language: 'not null',
    category: 'not null',
    menu_path: 'not null, default',
    keyed: 'not null, default',
    summary: 'not null',
    unit_id: 'nullable',
    deadline: 'not null',
    deadline_days: 'not null',
    status: 'not null',
    result: 'nullable',
    result_at: 'nullable',
    informed_how: 'nullable',
    informed_at: 'nullable',
    referral_body: 'nullable',
    referral_due_by: 'nullable',
    referral_sent_at: 'nullable',
    possible_repeat_of: 'nullable',
    updated_at: 'not null',
  },
  appeal_history: {
    id: 'not null, default',
    reg_no: 'not null',
    at: 'not null',
    actor: 'not null',
    what: 'not null',
    note: 'nullable',
  },
  appeal_reminders: {
    reg_no: 'not null',
    day: 'not null',
    kind: 'not null',
    unit_id: 'not null',
    sent_at: 'nullable',
    channels: 'not null, default',
  },
  survey_answers: {
    call_id: 'not null',
    question: 'not null',
    service_id: 'not null',
    operator_id: 'nullable',
    appeal_id: 'nullable',
    answer: 'not null',
    answered_at: 'not null',
  },
} satisfies SchemaSpec;

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

it('every table and column in schema.ts exists in the migrated database with the same nullability', async () => {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const { rows } = await c.query<{
    table_name: string;
    column_name: string;
    is_nullable: 'YES' | 'NO';
    column_default: string | null;
  }>(
    `SELECT table_name, column_name, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  await c.end();
  const actual: Record<string, Record<string, string>> = {};
  for (const r of rows) {
    const spec =
      (r.is_nullable === 'YES' ? 'nullable' : 'not null') + (r.column_default !== null ? ', default' : '');
    actual[r.table_name] ??= {};
    actual[r.table_name]![r.column_name] = spec;
  }
  // schema_migrations.applied_at has a database default that the code never relies on.
  actual.schema_migrations!.applied_at = 'not null';
  expect(actual).toEqual(expected);
});
