package com.nusomi.apigateway.persistence;

import java.time.Instant;
import java.util.List;

/** A delivery of one event to one webhook, as manifest-service records it in {@code manifest.webhook_deliveries}. */
public record WebhookDeliveryRow(String id, String webhookId, String eventId, String eventType, String status,
                                 int attemptCount, Instant nextAttemptAt, Integer lastResponseCode, String lastError,
                                 Instant createdAt, Instant updatedAt, List<Attempt> attempts) {

    /** One HTTP attempt: the endpoint's status code, or an error when there was no answer. */
    public record Attempt(int attempt, Instant startedAt, Integer responseCode, String error, long durationMs) {}

    WebhookDeliveryRow withAttempts(List<Attempt> list) {
        return new WebhookDeliveryRow(id, webhookId, eventId, eventType, status, attemptCount, nextAttemptAt,
                lastResponseCode, lastError, createdAt, updatedAt, list);
    }
}
