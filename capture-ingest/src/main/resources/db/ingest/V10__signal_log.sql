-- capture-ingest's record of every raw input signal it accepted (ids and order only, never a value): the safe-retry
-- and t_ms-order authority of a session's signals, like frame_index for frames.
CREATE TABLE IF NOT EXISTS ingest.signal_log (
    session_id   text        NOT NULL,
    -- the capture agent's sequence number: a re-sent signal carries the same seq
    seq          bigint      NOT NULL CHECK (seq >= 0),
    signal_id    text        NOT NULL UNIQUE,
    t_ms         bigint      NOT NULL CHECK (t_ms >= 0),
    kind         text        NOT NULL,
    -- NULL while pending: inserted before the record is published, set once Kafka acked
    published_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, seq)
);
