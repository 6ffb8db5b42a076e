-- Open SSE streams across every gateway instance (SPEC §5 limits: 50 per API key, 500 per workspace). Each open
-- stream holds one row; its instance renews expires_at on a heartbeat, so the slots of a crashed instance come free
-- once their lease runs out. Admission takes a transaction-scoped advisory lock per workspace and inserts only while
-- the live (unexpired) rows are under both limits, so concurrent opens on several instances cannot over-admit.

CREATE TABLE stream_leases (
    id            text        PRIMARY KEY,        -- random, one per open stream
    instance_id   text        NOT NULL,           -- the gateway instance serving the stream (renews its rows)
    workspace_id  text        NOT NULL,
    key_id        text        NOT NULL,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX stream_leases_by_workspace ON stream_leases (workspace_id, expires_at);
CREATE INDEX stream_leases_by_key ON stream_leases (key_id, expires_at);
CREATE INDEX stream_leases_by_instance ON stream_leases (instance_id);
