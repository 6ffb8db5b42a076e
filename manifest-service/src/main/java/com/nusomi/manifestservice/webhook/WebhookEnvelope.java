package com.nusomi.manifestservice.webhook;

import java.time.Instant;

/** The body of every webhook request (SPEC §7): {@code {id: evt_…, type, created_at, data}}. */
public record WebhookEnvelope(String id, String type, Instant createdAt, Object data) {}
