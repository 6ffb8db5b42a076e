-- export-planner's own state (schema planner, migrated by export-planner's Flyway). Shard writers read plan_rows
-- (read-only) to write the range of rows a ShardTask names. The DDL lives in service-kit, beside the catalog's, so the
-- tests of the modules that read it can apply it.

-- One row per planned export: written in the same transaction as its rows, so a plan is whole or absent.
CREATE TABLE plans (
    export_id    text PRIMARY KEY,
    workspace_id text        NOT NULL,
    row_count    bigint      NOT NULL,
    frame_count  bigint      NOT NULL,
    action_count bigint      NOT NULL,
    shard_count  int         NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plans_by_age ON plans (created_at);

-- The shard boundaries: shard shard_index holds rows first_row .. first_row + row_count - 1.
CREATE TABLE plan_shards (
    export_id       text   NOT NULL REFERENCES plans (export_id) ON DELETE CASCADE,
    shard_index     int    NOT NULL,
    first_row       bigint NOT NULL,
    row_count       bigint NOT NULL,
    estimated_bytes bigint NOT NULL,
    PRIMARY KEY (export_id, shard_index)
);

-- The export's rows in export order (seq 0..row_count-1), by reference into the catalog.
CREATE TABLE plan_rows (
    export_id      text   NOT NULL REFERENCES plans (export_id) ON DELETE CASCADE,
    seq            bigint NOT NULL,
    session_id     text   NOT NULL,
    t_ms           bigint NOT NULL,
    frame_id       text,            -- null: the row's event is anchored to a frame the catalog does not hold
    event_id       text,            -- null: a frame without an action
    prior_event_id text,            -- context.prior_action
    workflow       text   NOT NULL,
    outcome        text,
    PRIMARY KEY (export_id, seq)
);
