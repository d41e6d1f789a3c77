-- Every citizen call the engine handled, one row per inbound channel.
CREATE TABLE calls (
  id              text PRIMARY KEY,             -- our CallId (uuid)
  channel_id      text NOT NULL,                -- Asterisk channel id
  service_id      text,                         -- which hotline (null if the number is unknown)
  caller_number   text NOT NULL,
  dialled_number  text NOT NULL,
  language        text,
  config_version  text,                         -- the menu config the call ran on
  started_at      timestamptz NOT NULL,
  answered_at     timestamptz,
  ended_at        timestamptz,
  end_cause       text,                         -- who/what ended it: caller-hangup, engine-hangup, ...
  outcome         text                          -- what the call achieved: operator, lost, callback-booked, ...
);
CREATE INDEX calls_started_at_idx ON calls (started_at DESC);
CREATE INDEX calls_caller_number_idx ON calls (caller_number, started_at DESC);
CREATE UNIQUE INDEX calls_channel_id_idx ON calls (channel_id);
