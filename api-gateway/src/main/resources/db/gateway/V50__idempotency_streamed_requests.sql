-- A frame upload is streamed through the gateway (never held whole), so its Idempotency-Key is claimed before its body
-- has been read: request_sha256 is NULL while such a claim is in flight and is set, with the answer, once the body has
-- been hashed on its way through. A completed row always has it.
ALTER TABLE idempotency_keys ALTER COLUMN request_sha256 DROP NOT NULL;
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_completed_hash
    CHECK (state <> 'completed' OR request_sha256 IS NOT NULL);
