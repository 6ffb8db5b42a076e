-- Finishing an export no longer holds the export's row lock across object-store or Kafka I/O:
--   running --(all shards ok, under the lock)--> finishing --(manifest written, no lock)--> completed
-- and the final status is published after the commit, then marked here so a redelivery publishes it only if needed.
ALTER TABLE exports ADD COLUMN final_published boolean NOT NULL DEFAULT false;
ALTER TABLE exports ADD CONSTRAINT exports_state CHECK (state IN ('running', 'finishing', 'completed', 'failed'));
COMMENT ON COLUMN exports.created_at IS 'when the export was requested (ExportPlan.requested_at): the manifest''s created_at';
