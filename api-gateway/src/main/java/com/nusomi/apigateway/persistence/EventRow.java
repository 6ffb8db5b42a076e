package com.nusomi.apigateway.persistence;

import java.time.Instant;

/** A row of {@code catalog.events} (written by session-sealer), the payload as JSON text. */
public record EventRow(String id, String sessionId, String frameId, long tMs, String type, String payloadJson,
                       double confidence, String source, Instant createdAt) {}
