package com.nusomi.kit.view;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * An export as {@code GET /v1/exports/{id}} shows it (SPEC §6), for services other than the gateway (webhook
 * payloads) and for the gateway itself: one rendering of an export.
 *
 * @param workflow      a slug, or a list of slugs when the export spans several workflows
 * @param filter        the filter as understood (relative times resolved); null where the renderer does not know it
 * @param frameSampling the frame sampling as understood; null where unknown
 * @param destination   the destination as requested; null where unknown
 */
public record ExportView(String id, String status, JsonNode workflow, String format, String tag, Long rows,
                         Integer shards, long shardSizeBytes, Long frames, Long actions, int shardsDone,
                         String manifestUrl, ErrorView error, Instant createdAt, JsonNode filter,
                         JsonNode frameSampling, JsonNode destination) {

    public record ErrorView(String code, String message) {}
}
