-- Schema `gateway`, owned and migrated by api-gateway: tenants, API keys (hashed) and export requests with their status.

CREATE TABLE workspaces (
    id          text PRIMARY KEY,                 -- wsp_<ULID>
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE api_keys (
    id            text PRIMARY KEY,               -- key_<ULID>
    kind          text        NOT NULL CHECK (kind IN ('operator', 'workspace')),
    workspace_id  text        REFERENCES workspaces (id),
    name          text        NOT NULL,
    scopes        text[]      NOT NULL,
    key_hash      text        NOT NULL UNIQUE,    -- hex SHA-256 of the secret; the secret itself is never stored
    redacted      text        NOT NULL,           -- prefix + last four characters, for listings
    created_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    CHECK ((kind = 'operator') = (workspace_id IS NULL))
);
-- one live operator key per installation; concurrent first starts race on this index, not on application logic
CREATE UNIQUE INDEX api_keys_one_live_operator ON api_keys (kind) WHERE kind = 'operator' AND revoked_at IS NULL;
CREATE INDEX api_keys_by_workspace ON api_keys (workspace_id, id DESC);

CREATE TABLE exports (
    id                text PRIMARY KEY,           -- exp_<ULID>
    workspace_id      text        NOT NULL REFERENCES workspaces (id),
    workflow          jsonb       NOT NULL,       -- as requested: a slug or a list of slugs
    workflows         text[]      NOT NULL,       -- the same, always a list (filtering)
    format            text        NOT NULL,
    tag               text,
    shard_size_bytes  bigint      NOT NULL,
    request           jsonb       NOT NULL,       -- filter, frame_sampling and destination as understood
    status            text        NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
    rows              bigint,                     -- from the planner's plan (running status)
    shards            integer,
    frames            bigint,
    actions           bigint,
    shards_done       integer     NOT NULL DEFAULT 0,
    manifest_url      text,
    error_code        text,
    error_message     text,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX exports_by_workspace ON exports (workspace_id, id DESC);
CREATE INDEX exports_by_tag ON exports (workspace_id, tag, id DESC) WHERE tag IS NOT NULL;
