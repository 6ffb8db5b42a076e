-- manifest-service's own state: one row per planned export, one row per shard result (taken once).

CREATE TABLE exports (
    export_id            text PRIMARY KEY,
    workspace_id         text        NOT NULL,
    -- the plan, as carried by the planner's ExportStatus{running, plan}
    workflows            text[]      NOT NULL,
    format               text        NOT NULL,
    tag                  text,
    shard_size_bytes     bigint      NOT NULL,
    destination_kind     text        NOT NULL,   -- s3 | gcs | azure_blob | signed_url
    destination_bucket   text,                   -- bucket (s3, gcs) or container (azure_blob)
    destination_prefix   text,
    destination_region   text,
    destination_endpoint text,
    destination_role_arn text,
    destination_account  text,                   -- azure_blob account
    filter_summary       jsonb       NOT NULL,
    row_count            bigint      NOT NULL,
    shard_count          int         NOT NULL,
    frame_count          bigint      NOT NULL,
    action_count         bigint      NOT NULL,
    created_at           timestamptz NOT NULL,   -- when the export was planned (the running status' time)
    -- progress and outcome
    state                text        NOT NULL,   -- running | completed | failed
    shards_reported      int         NOT NULL DEFAULT 0,   -- shards_done last published
    manifest_url         text,
    error_code           text,
    error_message        text,
    finished_at          timestamptz
);

CREATE TABLE export_shards (
    export_id    text        NOT NULL,
    shard_index  int         NOT NULL,
    workspace_id text        NOT NULL,
    shard_count  int         NOT NULL,
    ok           boolean     NOT NULL,
    bucket       text,
    path         text,
    size_bytes   bigint      NOT NULL,
    row_count    bigint      NOT NULL,
    frame_count  bigint      NOT NULL,
    action_count bigint      NOT NULL,
    sha256       text        NOT NULL,
    error        text,
    completed_at timestamptz NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (export_id, shard_index)
);
