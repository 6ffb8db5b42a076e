package com.nusomi.manifestservice.persistence;

import java.time.Instant;
import java.util.List;

/** An export whose plan is known (row of {@code manifest.exports}). */
public record PlannedExport(String exportId, String workspaceId, List<String> workflows, String format, String tag,
                            long shardSizeBytes, PlannedDestination destination, String filterSummaryJson, long rows,
                            int shards, long frames, long actions, Instant createdAt, ExportState state,
                            int shardsReported) {

    /** {@code finishing}: every shard is in and the manifest is being written (outside any lock). */
    public enum ExportState { running, finishing, completed, failed }
}
