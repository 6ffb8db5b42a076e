-- A recording stopped by the idle timeout (it never got a stop) seals as abandoned, whatever markers it carries.
ALTER TABLE sessions ADD COLUMN stopped_idle boolean NOT NULL DEFAULT false;
-- The idle round's scan: recording sessions by their activity clock (the last projected frame or event).
CREATE INDEX sessions_recording_by_activity ON sessions (updated_at) WHERE status = 'recording';
