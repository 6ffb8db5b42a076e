-- capture-ingest's own record of every frame it accepted: the safe-retry and t_ms-order authority of a session.
CREATE TABLE IF NOT EXISTS ingest.frame_index (
    session_id   text        NOT NULL,
    t_ms         bigint      NOT NULL CHECK (t_ms >= 0),
    frame_id     text        NOT NULL UNIQUE,
    -- SHA-256 (hex) of the stored image bytes; the blob key is frames/<sha256>.webp
    sha256       char(64)    NOT NULL,
    keyframe     boolean     NOT NULL,
    -- NULL while pending: inserted before the blob is stored and the record published, set once Kafka acked
    published_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, t_ms)
);
