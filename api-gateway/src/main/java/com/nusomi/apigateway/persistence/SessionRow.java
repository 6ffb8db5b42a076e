package com.nusomi.apigateway.persistence;

import java.time.Instant;

/** A row of {@code catalog.sessions} (written by session-sealer), JSON columns as text. */
public record SessionRow(String id, String workspaceId, String workflow, String status, String actorKind, String actorId,
                         String surface, String metadataJson, String tagsJson, String outcome, Instant createdAt,
                         Instant startedAt, Instant stoppedAt, Instant sealedAt, Long durationMs, long frameCount,
                         long eventCount) {}
