-- The operator desk's wrap-ups: one row per call or callback an operator finished with wrap-up
-- time. `pending` until the operator's form is in (`done`, with the appeal it registered or
-- updated); `missing` when the wrap-up time ran out (or the operator left) without it.
CREATE TABLE desk_wrap_ups (
  work_id        text PRIMARY KEY,
  work_kind      text NOT NULL CHECK (work_kind IN ('call', 'callback')),
  operator_id    text NOT NULL,
  caller_number  text NOT NULL,
  reason         text NOT NULL,
  pop            jsonb NOT NULL,   -- the screen pop, so a late form still knows the call
  ended_at       timestamptz NOT NULL,
  deadline       timestamptz NOT NULL,
  status         text NOT NULL CHECK (status IN ('pending', 'done', 'missing')),
  done_at        timestamptz,
  done_by        text,
  reg_no         text,
  form           jsonb
);
CREATE INDEX desk_wrap_ups_status ON desk_wrap_ups (status, ended_at DESC);
CREATE INDEX desk_wrap_ups_operator ON desk_wrap_ups (operator_id, ended_at DESC);
