package com.nusomi.kit.view;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * An export as {@code GET /v1/exports/{id}} shows it (SPEC §6), for services other than the gateway (webhook
 * payloads). Same fields as the gateway's {@code ExportsResource.ExportView}; a gateway test pins the JSON.
 *
 * @param workflow a slug, or a list of slugs when the export spans several workflows
 */
public record ExportView(String id, String status, JsonNode workflow, String format, String tag, Long rows,
                         Integer shards, long shardSizeBytes, Long frames, Long actions, int shardsDone,
                         String manifestUrl, ErrorView error, Instant createdAt) {

    public record ErrorView(String code, String message) {}
}
