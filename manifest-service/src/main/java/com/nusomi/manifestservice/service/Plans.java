package com.nusomi.manifestservice.service;

import com.nusomi.contracts.avro.AzureBlobDestination;
import com.nusomi.contracts.avro.ExportPlan;
import com.nusomi.contracts.avro.ExportStatus;
import com.nusomi.contracts.avro.GcsDestination;
import com.nusomi.contracts.avro.S3Destination;
import com.nusomi.contracts.avro.SignedUrlDestination;
import com.nusomi.kit.kafka.PoisonRecordException;
import com.nusomi.manifestservice.persistence.PlannedDestination;
import com.nusomi.manifestservice.persistence.PlannedExport;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The planner's {@code ExportStatus{running, plan}} as the export this service tracks. */
final class Plans {
    private Plans() {}

    static PlannedExport fromRunningStatus(ExportStatus status) {
        ExportPlan plan = status.getPlan();
        if (plan.getShards() < 0) {
            throw new PoisonRecordException("plan of " + status.getExportId() + " has " + plan.getShards() + " shards");
        }
        if (plan.getWorkflows().isEmpty()) {
            throw new PoisonRecordException("plan of " + status.getExportId() + " names no workflow");
        }
        return new PlannedExport(status.getExportId(), status.getWorkspaceId(), List.copyOf(plan.getWorkflows()),
                plan.getFormat().name(), plan.getTag(), plan.getShardSizeBytes(), destination(plan.getDestination()),
                plan.getFilterSummary(), plan.getRows(), plan.getShards(), plan.getFrames(), plan.getActions(),
                createdAt(status), PlannedExport.ExportState.running, 0);
    }

    /** When the export was requested (the plan carries it); the planner's status time for plans from before that. */
    static java.time.Instant createdAt(ExportStatus status) {
        var requestedAt = status.getPlan().getRequestedAt();
        return (requestedAt != null ? requestedAt : status.getAt()).truncatedTo(ChronoUnit.MILLIS);
    }

    private static PlannedDestination destination(Object destination) {
        return switch (destination) {
            case S3Destination s3 -> new PlannedDestination.S3(s3.getBucket(), s3.getPrefix(), s3.getRegion(),
                    s3.getEndpoint(), s3.getRoleArn());
            case GcsDestination gcs -> new PlannedDestination.Gcs(gcs.getBucket(), gcs.getPrefix());
            case AzureBlobDestination az -> new PlannedDestination.AzureBlob(az.getAccount(), az.getContainer(), az.getPrefix());
            case SignedUrlDestination ignored -> new PlannedDestination.SignedUrl();
            default -> throw new PoisonRecordException("unknown destination " + destination);
        };
    }
}
