-- A live-service interval left open by a process that died must not count the downtime as
-- service time: the engine stamps open intervals every minute, and on start-up closes any it
-- finds open at their last stamp.
ALTER TABLE operator_live_intervals ADD COLUMN last_seen_at timestamptz;
