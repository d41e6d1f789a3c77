-- People with accounts: operators (linked to their queues.yaml operator id), supervisors, unit
-- members and admins. Passwords are argon2id hashes; failed sign-ins count towards a lockout.
CREATE TABLE users (
  id              text PRIMARY KEY,
  username        text NOT NULL,
  display_name    text NOT NULL,
  password_hash   text NOT NULL,
  roles           text[] NOT NULL DEFAULT '{}',
  operator_id     text,
  unit_ids        text[] NOT NULL DEFAULT '{}',
  language        text NOT NULL DEFAULT 'az' CHECK (language IN ('az', 'ru', 'en')),
  disabled        boolean NOT NULL DEFAULT false,
  failed_logins   integer NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
-- Usernames are compared without case: "Admin" and "admin" are one person.
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
-- One account per queue operator, so a signed-in operator moves exactly their own state.
CREATE UNIQUE INDEX users_operator_id_key ON users (operator_id) WHERE operator_id IS NOT NULL;

-- Server-side sessions: the cookie carries only the signed id, so a sign-out or a disabled
-- account takes effect at once, and a restarted or second engine sees the same sessions.
CREATE TABLE sessions (
  id          text PRIMARY KEY,
  data        jsonb NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

-- Every change a person makes through the API, append-only.
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL,
  actor       text NOT NULL,
  action      text NOT NULL,
  target      text,
  before      jsonb,
  after       jsonb,
  request_id  text
);
CREATE INDEX audit_log_actor_at_idx ON audit_log (actor, at);
CREATE INDEX audit_log_at_idx ON audit_log (at);
-- Append-only in the database too, not just by convention.
CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
