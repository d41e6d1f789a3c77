-- Callbacks: this table is the truth; BullMQ only holds a job per attempt, re-creatable from here.
CREATE TABLE callbacks (
  id               text PRIMARY KEY,
  kind             text NOT NULL CHECK (kind IN ('lost-call', 'booked')),
  service_id       text NOT NULL,
  number           text NOT NULL,               -- E.164, validated against the numbering plan
  language         text NOT NULL,
  status           text NOT NULL CHECK (status IN ('scheduled', 'dialling', 'reached', 'cancelled', 'failed', 'expired')),
  due_from         timestamptz NOT NULL,
  due_until        timestamptz NOT NULL,
  next_attempt_at  timestamptz NOT NULL,
  attempts         integer NOT NULL DEFAULT 0,
  max_attempts     integer NOT NULL,
  source_call_id   text REFERENCES calls (id),
  operator_id      text,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);
-- At most one open callback per number and service.
CREATE UNIQUE INDEX callbacks_one_open_idx ON callbacks (service_id, number)
  WHERE status IN ('scheduled', 'dialling');
CREATE INDEX callbacks_status_idx ON callbacks (status, next_attempt_at);

-- The audit trail: every transition, with time and reason.
CREATE TABLE callback_events (
  id           bigserial PRIMARY KEY,
  callback_id  text NOT NULL REFERENCES callbacks (id),
  at           timestamptz NOT NULL,
  from_status  text,
  to_status    text NOT NULL,
  attempt      integer NOT NULL,
  reason       text NOT NULL
);
CREATE INDEX callback_events_callback_idx ON callback_events (callback_id, id);

-- One row per attempt, claimed before dialling: a second worker (or a retried job) cannot claim it again.
CREATE TABLE callback_attempts (
  callback_id  text NOT NULL REFERENCES callbacks (id),
  attempt      integer NOT NULL,
  claimed_at   timestamptz NOT NULL,
  worker       text NOT NULL,
  ended_at     timestamptz,
  result       text,
  PRIMARY KEY (callback_id, attempt)
);
