-- Appeals: the registration-control sheet of the centre (Law on citizens' appeals).

-- Gap-free registration numbers: one counter row per service and year, incremented in the same
-- transaction as the appeal's insert (a rolled-back insert gives its number back).
CREATE TABLE appeal_counters (
  service_id  text NOT NULL,
  year        integer NOT NULL,
  last_seq    integer NOT NULL,
  PRIMARY KEY (service_id, year)
);

CREATE TABLE appeals (
  reg_no              text PRIMARY KEY,            -- 1655-2026-000123
  service_id          text NOT NULL,
  year                integer NOT NULL,
  seq                 integer NOT NULL,
  registered_at       timestamptz NOT NULL,
  call_ids            jsonb NOT NULL DEFAULT '[]',
  callback_ids        jsonb NOT NULL DEFAULT '[]',
  citizen_number      text NOT NULL,
  citizen_name        text,
  language            text NOT NULL,
  category            text NOT NULL CHECK (category IN
                        ('question', 'complaint', 'proposal', 'information', 'out-of-competence', 'urgent')),
  menu_path           jsonb NOT NULL DEFAULT '[]',
  keyed               jsonb NOT NULL DEFAULT '{}',
  summary             text NOT NULL,
  unit_id             text,
  deadline            timestamptz NOT NULL,
  deadline_days       integer NOT NULL,
  status              text NOT NULL CHECK (status IN ('registered', 'answered-directly', 'forwarded', 'in-review',
                        'answered', 'closed', 'referred-elsewhere', 'left-unexamined-repeated')),
  result              text,
  result_at           timestamptz,
  informed_how        text,
  informed_at         timestamptz,
  referral_body       text,
  referral_due_by     timestamptz,
  referral_sent_at    timestamptz,
  possible_repeat_of  jsonb,
  updated_at          timestamptz NOT NULL,
  UNIQUE (service_id, year, seq)
);
CREATE INDEX appeals_number_idx ON appeals (citizen_number, registered_at DESC);
CREATE INDEX appeals_open_deadline_idx ON appeals (deadline)
  WHERE status IN ('registered', 'forwarded', 'in-review');
CREATE INDEX appeals_unit_idx ON appeals (unit_id, status);

-- Append-only history: who did what when. Updates and deletes are refused by the database.
CREATE TABLE appeal_history (
  id      bigserial PRIMARY KEY,
  reg_no  text NOT NULL REFERENCES appeals (reg_no),
  at      timestamptz NOT NULL,
  actor   text NOT NULL,
  what    text NOT NULL,
  note    text
);
CREATE INDEX appeal_history_reg_no_idx ON appeal_history (reg_no, id);

CREATE FUNCTION appeal_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'appeal_history is append-only';
END $$;
CREATE TRIGGER appeal_history_no_change BEFORE UPDATE OR DELETE ON appeal_history
  FOR EACH ROW EXECUTE FUNCTION appeal_history_append_only();

-- One reminder per appeal per local day of its service: a restart or a retried job sends nothing twice.
CREATE TABLE appeal_reminders (
  reg_no     text NOT NULL REFERENCES appeals (reg_no),
  day        text NOT NULL,                    -- local date YYYY-MM-DD
  kind       text NOT NULL CHECK (kind IN ('near', 'overdue')),
  unit_id    text NOT NULL,
  sent_at    timestamptz,
  channels   jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (reg_no, day)
);
