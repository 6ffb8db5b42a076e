package com.nusomi.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * An export as the API shows it (SPEC §6). Status runs {@code queued → running → completed | failed}.
 *
 * @param id             {@code exp_…}
 * @param status         queued, running, completed, failed
 * @param workflow       the slug, or a list of slugs, as requested
 * @param format         parquet, webdataset, jsonl, arrow
 * @param tag            version tag, or null
 * @param rows           rows written, once known
 * @param shards         shards planned, once known
 * @param shardSizeBytes target shard size
 * @param frames         frames in the dataset, once known
 * @param actions        actions in the dataset, once known
 * @param shardsDone     shards written so far
 * @param manifestUrl    {@code s3://…}, {@code https://…}: set once completed
 * @param error          why it failed, or null
 * @param createdAt      when it was queued
 * @param filter         the filter as understood (relative times resolved)
 * @param frameSampling  the sampling as understood
 * @param destination    the destination as understood
 */
public record ExportData(String id, String status, JsonNode workflow, String format, String tag, Long rows,
                         Integer shards, Long shardSizeBytes, Long frames, Long actions, Integer shardsDone,
                         String manifestUrl, ExportError error, Instant createdAt, JsonNode filter,
                         JsonNode frameSampling, JsonNode destination) {

    /** True when the export will not change any more (completed or failed). */
    public boolean done() {
        return "completed".equals(status) || "failed".equals(status);
    }

    /**
     * Why an export failed.
     *
     * @param code    error code
     * @param message what happened
     */
    public record ExportError(String code, String message) {}
}
