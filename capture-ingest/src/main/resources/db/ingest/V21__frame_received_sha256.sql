-- A retry is recognised by the bytes the client sent, not by the stored (masked) ones: masking with rules changed
-- between two attempts gives other stored bytes for the same upload (docs/capture.md "Masking"). NULL for frames
-- indexed before this column existed (their stored SHA-256 is compared instead).
ALTER TABLE ingest.frame_index ADD COLUMN IF NOT EXISTS received_sha256 char(64);
