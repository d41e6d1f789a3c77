-- Who is waiting for an operator, since when: persisted so a restart keeps everyone's place.
CREATE TABLE queue_entries (
  call_id        text PRIMARY KEY REFERENCES calls (id),
  service_id     text NOT NULL,
  channel_id     text NOT NULL,
  caller_number  text NOT NULL,
  language       text NOT NULL,
  urgent         boolean NOT NULL DEFAULT false,
  joined_at      timestamptz NOT NULL,
  state          text NOT NULL,                -- waiting | connected | abandoned | lost | left
  operator_id    text,
  left_at        timestamptz
);
CREATE INDEX queue_entries_waiting_idx ON queue_entries (service_id) WHERE state = 'waiting';

-- A caller who waited more than the threshold and hung up before reaching an operator.
CREATE TABLE lost_calls (
  id             text PRIMARY KEY,
  call_id        text NOT NULL UNIQUE REFERENCES calls (id),
  service_id     text NOT NULL,
  caller_number  text NOT NULL,
  language       text NOT NULL,
  waited_ms      integer NOT NULL,
  position       integer NOT NULL,
  hung_up_at     timestamptz NOT NULL,
  callback_id    text
);
CREATE INDEX lost_calls_hung_up_at_idx ON lost_calls (hung_up_at DESC);

-- Urgent matters (threat to life, health or liberty), raised the moment the caller chose them.
CREATE TABLE escalations (
  id                text PRIMARY KEY,
  call_id           text NOT NULL REFERENCES calls (id),
  service_id        text NOT NULL,
  caller_number     text NOT NULL,
  reason            text NOT NULL,
  raised_at         timestamptz NOT NULL,
  webhook_status    text NOT NULL DEFAULT 'pending',   -- pending | delivered | failed | none
  webhook_attempts  integer NOT NULL DEFAULT 0,
  duty_rung_at      timestamptz,
  answered_at       timestamptz,
  answered_by       text
);

-- Operators' live presence and the intervals of live service time (logged in, not paused).
CREATE TABLE operator_states (
  operator_id  text PRIMARY KEY,
  state        text NOT NULL,                 -- offline | available | paused
  reason       text,
  since        timestamptz NOT NULL
);
CREATE TABLE operator_live_intervals (
  id           bigserial PRIMARY KEY,
  operator_id  text NOT NULL,
  started_at   timestamptz NOT NULL,
  ended_at     timestamptz
);
CREATE INDEX operator_live_intervals_idx ON operator_live_intervals (operator_id, started_at);
