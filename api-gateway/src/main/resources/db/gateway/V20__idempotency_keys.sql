-- Idempotency-Key claims and the answers they replay (SPEC §4: same key + same body within 24 h → same response).
-- Scoped per API key. The first request inserts the row ('in_flight'); the primary key makes that claim atomic across
-- gateway instances. The answer body is stored AES-GCM encrypted under a key derived from the caller's API key secret
-- (answers such as POST /v1/keys carry secrets; the secret itself is never stored).
CREATE TABLE idempotency_keys (
    api_key_id       text        NOT NULL,          -- key_<ULID> of the caller (the scope)
    idempotency_key  text        NOT NULL,          -- as sent, 1..255 visible ASCII characters
    method           text        NOT NULL,
    path             text        NOT NULL,
    request_sha256   text        NOT NULL,          -- hex SHA-256 of the request body bytes
    state            text        NOT NULL CHECK (state IN ('in_flight', 'completed')),
    claim_token      text        NOT NULL,          -- which request holds the claim (completion and release name it)
    status           integer,                       -- the answer, once completed
    content_type     text,
    body             bytea,                         -- nonce ‖ AES-GCM ciphertext of the answer body
    created_at       timestamptz NOT NULL,
    locked_until     timestamptz NOT NULL,          -- an in-flight claim older than this may be taken over
    expires_at       timestamptz NOT NULL,          -- created_at + 24 h: afterwards the key is free again
    PRIMARY KEY (api_key_id, idempotency_key),
    CHECK ((state = 'completed') = (status IS NOT NULL))
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
