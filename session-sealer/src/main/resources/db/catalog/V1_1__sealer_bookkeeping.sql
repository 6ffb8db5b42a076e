-- session-sealer bookkeeping beside the catalog (module-local until service-kit's catalog DDL carries it).

-- The reply each applied command got: a command redelivered after a crash (its offset was not committed yet)
-- gets the very same reply instead of being applied twice or answered 409.
CREATE TABLE session_commands (
    command_id  text        PRIMARY KEY,
    session_id  text        NOT NULL,              -- no FK: the reply of a delete outlives the session
    reply       bytea       NOT NULL,              -- SessionCommandReply as sent (registry-framed Avro)
    applied_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX session_commands_by_age ON session_commands (applied_at);

-- Transactional outbox of lifecycle transitions: written in the transaction that makes the transition,
-- deleted once Kafka acknowledged it, so a crash between commit and send cannot lose a transition.
CREATE TABLE lifecycle_outbox (
    seq            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transition_id  text        NOT NULL UNIQUE,    -- <session_id>:<to_status>
    session_id     text        NOT NULL,
    record         bytea       NOT NULL,           -- SessionLifecycle (registry-framed Avro)
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lifecycle_outbox_by_session ON lifecycle_outbox (session_id, seq);
