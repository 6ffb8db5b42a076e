-- The keyframe measure (docs/capture.md "Keyframes"): a 32x32 grey thumbnail of each keyframe's stored (masked)
-- image, compared with the next frames under the session's lock; NULL for frames that are not keyframes.
ALTER TABLE ingest.frame_index ADD COLUMN IF NOT EXISTS fingerprint bytea;
