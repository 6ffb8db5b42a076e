-- Webhook endpoints (SPEC §7), owned by api-gateway. manifest-service, the one deliverer, reads this table (never
-- writes it): which endpoints of a workspace want an event type, their URL and secret.

CREATE TABLE webhooks (
    id             text PRIMARY KEY,              -- whk_<ULID>
    workspace_id   text        NOT NULL,
    url            text        NOT NULL,
    events         text[]      NOT NULL,          -- WebhookEventType wire names, e.g. export.completed
    description    text,
    -- the whsec_ secret, AES-256-GCM under nusomi.webhooks.secret-key (service-kit WebhookSecrets): the deliverer
    -- needs the secret itself for the HMAC, so it cannot be hashed
    secret_sealed  text        NOT NULL,
    created_at     timestamptz NOT NULL
);
CREATE INDEX webhooks_by_workspace ON webhooks (workspace_id, id DESC);
