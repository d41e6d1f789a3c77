-- Reports (src/reports) read the records per service and period: a month of 50,000 calls must
-- answer in well under a second, so each table is reachable by service and time, and callbacks by
-- the call they came from.
CREATE INDEX calls_service_started_idx ON calls (service_id, started_at);
CREATE INDEX callbacks_service_created_idx ON callbacks (service_id, created_at);
CREATE INDEX callbacks_source_call_idx ON callbacks (source_call_id);
CREATE INDEX escalations_service_raised_idx ON escalations (service_id, raised_at);
CREATE INDEX queue_entries_operator_idx ON queue_entries (operator_id, left_at) WHERE state = 'connected';
-- When a callback reached the citizen: the same-day figure reads it for every lost call.
CREATE INDEX callback_events_reached_idx ON callback_events (callback_id, at) WHERE to_status = 'reached';
