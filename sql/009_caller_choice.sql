-- What the caller chose in the menu travels with the call: the reason of the action that sent
-- them to the queue, the menu path and every value keyed in (e.g. the appeal number), kept with
-- the queue entry (so a restart keeps it too) and the escalation.
ALTER TABLE queue_entries
  ADD COLUMN reason     text  NOT NULL DEFAULT 'operator',
  ADD COLUMN menu_path  jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN collected  jsonb NOT NULL DEFAULT '{}';
ALTER TABLE escalations
  ADD COLUMN language   text,
  ADD COLUMN menu_path  jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN collected  jsonb NOT NULL DEFAULT '{}';
