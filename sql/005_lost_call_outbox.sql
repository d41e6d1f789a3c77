-- The lost-call outbox: a lost call is stored first (through the engine's journal) and its
-- callback created afterwards by a sweep; a row with callback_settled_at NULL still owes a decision
-- (a callback, or a logged reason why none). Rows from before this migration were settled inline.
ALTER TABLE lost_calls ADD COLUMN callback_settled_at timestamptz;
UPDATE lost_calls SET callback_settled_at = hung_up_at;
CREATE INDEX lost_calls_unsettled_idx ON lost_calls (hung_up_at) WHERE callback_settled_at IS NULL;
