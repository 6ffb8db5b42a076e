-- Webhook deliveries, owned by manifest-service (the one deliverer). Endpoints live in gateway.webhooks.

-- One row per platform event that webhooks announce; the body is stored once so every attempt to every endpoint
-- sends the same bytes.
CREATE TABLE webhook_events (
    id            text PRIMARY KEY,               -- evt_<ULID>, the body's id
    source_key    text        NOT NULL UNIQUE,    -- what it announces, e.g. session.sealed:ses_…: a re-consumed record finds its event
    workspace_id  text        NOT NULL,
    type          text        NOT NULL,           -- WebhookEventType wire name
    body          text        NOT NULL,           -- {id, type, created_at, data}, exactly as sent and signed
    created_at    timestamptz NOT NULL
);

-- One row per (endpoint, event): the queue the scheduler works on.
CREATE TABLE webhook_deliveries (
    id                  text PRIMARY KEY,         -- dlv_<ULID>, the Nusomi-Delivery-Id header
    webhook_id          text        NOT NULL,
    workspace_id        text        NOT NULL,
    event_id            text        NOT NULL REFERENCES webhook_events (id),
    event_type          text        NOT NULL,
    status              text        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempt_count       int         NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz,              -- due time while pending, else null
    lease_token         text,                     -- the claim of one scheduler while it calls the endpoint
    lease_until         timestamptz,
    last_response_code  int,
    last_error          text,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id DESC);

-- Each attempt, for GET /v1/webhooks/{id}/deliveries.
CREATE TABLE webhook_attempts (
    delivery_id    text        NOT NULL REFERENCES webhook_deliveries (id),
    attempt        int         NOT NULL,
    started_at     timestamptz NOT NULL,
    response_code  int,                           -- null when no HTTP answer (timeout, refused, blocked target)
    error          text,
    duration_ms    bigint      NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);

-- What export.* payloads need to render an export as GET /v1/exports/{id} does: the request (export.queued),
-- the plan's numbers, then the outcome.
CREATE TABLE webhook_exports (
    export_id         text PRIMARY KEY,
    workspace_id      text        NOT NULL,
    workflows         text[],
    format            text,
    tag               text,
    shard_size_bytes  bigint,
    row_count         bigint,
    shard_count       int,
    frame_count       bigint,
    action_count      bigint,
    created_at        timestamptz
);
