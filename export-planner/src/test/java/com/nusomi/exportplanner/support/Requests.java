package com.nusomi.exportplanner.support;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.avro.ExportFilter;
import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.ExportRequest;
import com.nusomi.contracts.avro.FrameSampling;
import com.nusomi.contracts.avro.S3Destination;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

/** Export requests as the gateway publishes them. */
public final class Requests {
    private Requests() {}

    /** A JSONL export of {@code workflows} to an s3 destination, requested now, changed by {@code change}. */
    public static ExportRequest jsonl(String workspaceId, List<String> workflows, long shardSizeBytes,
                                      Consumer<ExportRequest> change) {
        var request = ExportRequest.newBuilder()
                .setExportId(IdPrefix.EXPORT.newId())
                .setWorkspaceId(workspaceId)
                .setWorkflows(workflows)
                .setFilter(ExportFilter.newBuilder().build())
                .setFormat(ExportFormat.jsonl)
                .setFrameSampling(FrameSampling.newBuilder().build())
                .setDestination(S3Destination.newBuilder().setBucket("training").setPrefix("nusomi/v1/").build())
                .setTag("process_invoice@v1")
                .setShardSizeBytes(shardSizeBytes)
                .setRequestedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build();
        change.accept(request);
        return request;
    }
}
