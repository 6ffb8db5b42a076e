package com.nusomi.apigateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.apigateway.mapping.ExportRequests;
import com.nusomi.apigateway.persistence.ExportRepository;
import com.nusomi.apigateway.persistence.ExportRepository.StatusUpdate;
import com.nusomi.apigateway.persistence.ExportRow;
import com.nusomi.apigateway.publish.ExportRequestPublisher;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.avro.ExportPlan;
import com.nusomi.contracts.avro.ExportRequest;
import com.nusomi.contracts.avro.ExportStatus;
import com.nusomi.kit.api.ApiException;
import com.nusomi.kit.kafka.PoisonRecordException;
import com.nusomi.kit.logging.LogFields;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Exports: a request is bound and validated (the shared export rules: refused here with 400, never accepted and
 * failed later), recorded as {@code queued} in {@code gateway.exports} and published for the
 * export-planner; the statuses the planner and manifest-service publish keep the record current.
 */
@ApplicationScoped
public class ExportService {
    private static final Logger LOG = Logger.getLogger(ExportService.class);

    private final ExportRepository exports;
    private final ExportRequestPublisher publisher;

    ExportService(ExportRepository exports, ExportRequestPublisher publisher) {
        this.exports = exports;
        this.publisher = publisher;
    }

    public Uni<ExportRow> create(String workspaceId, JsonNode body) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String id = IdPrefix.EXPORT.newId();
        var valid = ExportRequests.bind(body, id, workspaceId, now);
        ExportRequest request = valid.request();
        var row = new ExportRow(id, workspaceId, valid.workflowAsGiven().toString(), request.getWorkflows(),
                request.getFormat().name(), request.getTag(), request.getShardSizeBytes(), valid.understood().toString(),
                "queued", null, null, null, null, 0, null, null, null, now, now);
        return exports.insert(row)
                .chain(() -> publisher.publish(request)
                        .onFailure().call(e -> exports.delete(id))
                        .onFailure().transform(e -> new ApiException(ErrorCode.INTERNAL_ERROR,
                                "the export could not be queued: " + e.getMessage())))
                .invoke(() -> {
                    try (var x = LogFields.with(LogFields.EXPORT_ID, id)) {
                        LOG.infof("export queued: %s %s", request.getFormat(), request.getWorkflows());
                    }
                })
                .replaceWith(row);
    }

    public Uni<ExportRow> get(String workspaceId, String id) {
        if (!IdPrefix.EXPORT.matches(id)) {
            return Uni.createFrom().failure(notFound(id));
        }
        return exports.find(workspaceId, id).map(found -> found.orElseThrow(() -> notFound(id)));
    }

    public Uni<List<ExportRow>> list(String workspaceId, String workflow, String status, String tag, String beforeId, int limit) {
        return exports.list(workspaceId, workflow, status, tag, beforeId, limit);
    }

    /** Keeps {@code gateway.exports} current with a status record (never backwards; completed and failed are final). */
    public Uni<Void> apply(ExportStatus status) {
        if (!IdPrefix.EXPORT.matches(status.getExportId())) {
            throw new PoisonRecordException("export_id '" + status.getExportId() + "' is not an export id");
        }
        ExportPlan plan = status.getPlan();
        var update = new StatusUpdate(status.getExportId(), status.getWorkspaceId(), status.getStatus().name(),
                plan == null ? null : plan.getRows(), plan == null ? null : plan.getShards(),
                plan == null ? null : plan.getFrames(), plan == null ? null : plan.getActions(), status.getShardsDone(),
                status.getManifestUrl(), status.getError() == null ? null : status.getError().getCode(),
                status.getError() == null ? null : status.getError().getMessage(), status.getAt());
        return exports.apply(update).invoke(changed -> {
            try (var x = LogFields.with(LogFields.EXPORT_ID, status.getExportId());
                 var w = LogFields.with(LogFields.WORKSPACE_ID, status.getWorkspaceId())) {
                if (changed) {
                    LOG.infof("export is %s (%d shards done)", status.getStatus(), status.getShardsDone());
                } else {
                    LOG.debugf("status %s not applied: unknown export or it is already further", status.getStatus());
                }
            }
        }).replaceWithVoid();
    }

    private static ApiException notFound(String id) {
        return new ApiException(ErrorCode.EXPORT_NOT_FOUND, "no export " + id + " in this workspace");
    }
}
