package com.nusomi.apigateway.persistence;

import java.time.Instant;
import java.util.List;

/** A row of {@code gateway.webhooks}; the secret only in its stored (encrypted) form. */
public record WebhookRow(String id, String workspaceId, String url, List<String> events, String description,
                         String secretSealed, Instant createdAt) {}
