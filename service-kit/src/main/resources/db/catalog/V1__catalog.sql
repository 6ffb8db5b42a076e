-- The catalog: sessions, frames and events as sealed by session-sealer (their single writer).
-- Other services read it; only session-sealer migrates and writes it (quarkus.flyway.schemas=catalog).

CREATE TABLE sessions (
    id            text PRIMARY KEY,
    workspace_id  text        NOT NULL,
    workflow      text        NOT NULL,
    status        text        NOT NULL,          -- created | recording | stopped | sealed
    actor_kind    text        NOT NULL,          -- human | model | script
    actor_id      text,
    surface       text        NOT NULL,
    metadata      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    tags          jsonb       NOT NULL DEFAULT '[]'::jsonb,   -- [{name, data, t_ms}]
    outcome       text,                          -- success | error | abandoned, set at seal
    created_at    timestamptz NOT NULL,
    started_at    timestamptz,
    stopped_at    timestamptz,
    sealed_at     timestamptz,
    duration_ms   bigint,
    frame_count   bigint      NOT NULL DEFAULT 0,
    event_count   bigint      NOT NULL DEFAULT 0,
    -- stop watermark: JSON {"frames": {"<partition>": endOffset}, "signals": {...}} recorded at stop
    stop_watermark jsonb,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_by_workspace ON sessions (workspace_id, id DESC);
CREATE INDEX sessions_by_workflow ON sessions (workspace_id, workflow, status, sealed_at);

CREATE TABLE frames (
    id                 text PRIMARY KEY,
    session_id         text        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    workspace_id       text        NOT NULL,
    t_ms               bigint      NOT NULL,
    image_bucket       text        NOT NULL,
    image_key          text        NOT NULL,
    image_sha256       text        NOT NULL,
    image_size         bigint      NOT NULL,
    width              int         NOT NULL,
    height             int         NOT NULL,
    viewport           jsonb,                    -- {w, h, scale}
    dom                jsonb,
    accessibility_tree jsonb,
    app                jsonb,                    -- {bundle_id, name, version}
    cursor             jsonb,                    -- {x, y}
    keyframe           boolean     NOT NULL,
    captured_at        timestamptz NOT NULL,
    UNIQUE (session_id, t_ms)
);

CREATE TABLE events (
    id           text PRIMARY KEY,
    session_id   text             NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    workspace_id text             NOT NULL,
    frame_id     text             NOT NULL,
    t_ms         bigint           NOT NULL,
    type         text             NOT NULL,
    payload      jsonb            NOT NULL,      -- SPEC §2 payload shape, as the API shows it
    confidence   double precision NOT NULL,
    source       text             NOT NULL,      -- ax | dom | vision | sdk
    created_at   timestamptz      NOT NULL
);
CREATE INDEX events_in_order ON events (session_id, t_ms, id);
