package com.nusomi.manifestservice.persistence;

import java.time.Instant;
import java.util.List;

/** An export whose plan is known (row of {@code manifest.exports}). */
public record PlannedExport(String exportId, String workspaceId, List<String> workflows, String format, String tag,
                            long shardSizeBytes, PlannedDestination destination, String filterSummaryJson, long rows,
                            int shards, long frames, long actions, Instant createdAt, ExportState state,
                            int shardsReported) {

    public enum ExportState { running, completed, failed }
}
