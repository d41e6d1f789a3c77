-- An urgent caller who hangs up before anyone answers is called back AT ONCE, at any hour: the
-- lost call remembers it was urgent (the outbox rebuilds the callback from it), and the callback
-- has its own kind, `urgent`, dialled outside working hours and answered by the escalation ladder.
ALTER TABLE lost_calls ADD COLUMN urgent boolean NOT NULL DEFAULT false;
ALTER TABLE callbacks DROP CONSTRAINT callbacks_kind_check;
ALTER TABLE callbacks ADD CONSTRAINT callbacks_kind_check CHECK (kind IN ('lost-call', 'booked', 'urgent'));
