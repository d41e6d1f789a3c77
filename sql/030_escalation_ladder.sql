-- Urgent until a person answers: every rung of the escalation ladder rung for an urgent caller
-- (duty phones, then supervisors, again from the top when exhausted) and how it ended, and the
-- durable webhook's delivery (a BullMQ job rebuilt from these rows if Redis loses it).
CREATE TABLE escalation_rungs (
  escalation_id  text NOT NULL REFERENCES escalations (id),
  attempt        integer NOT NULL,            -- 1, 2, ...: the n-th rung rung for this caller
  round          integer NOT NULL,            -- 1-based pass over the ladder
  rung           integer NOT NULL,            -- 0-based index in the ladder
  endpoint       text NOT NULL,
  name           text,
  rung_at        timestamptz NOT NULL,
  ended_at       timestamptz,
  outcome        text,                        -- answered | no-answer | busy | unavailable | hung-up | cancelled
  PRIMARY KEY (escalation_id, attempt)
);

ALTER TABLE escalations
  ADD COLUMN webhook_url           text,
  ADD COLUMN webhook_retries       integer NOT NULL DEFAULT 0,
  ADD COLUMN webhook_last_error    text,
  ADD COLUMN webhook_delivered_at  timestamptz;
CREATE INDEX escalations_webhook_pending_idx ON escalations (raised_at) WHERE webhook_status = 'pending';
CREATE INDEX escalations_raised_at_idx ON escalations (raised_at DESC);
