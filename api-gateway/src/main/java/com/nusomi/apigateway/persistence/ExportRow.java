package com.nusomi.apigateway.persistence;

import java.time.Instant;
import java.util.List;

/** A row of {@code gateway.exports}; JSON columns as text. */
public record ExportRow(String id, String workspaceId, String workflowJson, List<String> workflows, String format, String tag,
                        long shardSizeBytes, String requestJson, String status, Long rows, Integer shards, Long frames,
                        Long actions, int shardsDone, String manifestUrl, String errorCode, String errorMessage,
                        Instant createdAt, Instant updatedAt) {}
