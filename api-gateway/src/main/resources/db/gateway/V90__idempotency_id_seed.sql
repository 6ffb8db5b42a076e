-- The ids a write mints (a session's, an emitted batch's event ids) derive from a seed kept with its Idempotency-Key
-- claim. A request answered with a 5xx no longer deletes its claim: the claim stays, open to a retry of the same
-- request, which then mints the same ids. A create whose reply timed out after the sealer applied it is thus found
-- again by the retry instead of being created twice.
ALTER TABLE idempotency_keys ADD COLUMN id_seed text;  -- a ULID; NULL only on rows claimed before this migration
