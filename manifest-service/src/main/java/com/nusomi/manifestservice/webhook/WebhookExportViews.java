package com.nusomi.manifestservice.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.nusomi.contracts.avro.ExportPlan;
import com.nusomi.contracts.avro.ExportRequest;
import com.nusomi.contracts.avro.ExportState;
import com.nusomi.contracts.avro.ExportStatus;
import com.nusomi.kit.view.ExportView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code export.*} payloads need to show an export as {@code GET /v1/exports/{id}} does, gathered from the request
 * (workflow, format, tag, time) and the plan (counts) into {@code manifest.webhook_exports}; the status record adds
 * the outcome. The request as the gateway understood it ({@code workflow} as sent, {@code filter} with times resolved,
 * {@code frame_sampling}, {@code destination}) is read from the gateway's own {@code gateway.exports} row, written
 * before the request was published: the same bytes {@code GET /v1/exports/{id}} renders, not a second rendering.
 */
@ApplicationScoped
public class WebhookExportViews {
    private final Pool pool;
    private final ObjectMapper mapper;

    WebhookExportViews(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /** The gateway's record of the request: the fields only it renders (absent when the gateway did not create it). */
    private record Requested(JsonNode workflow, JsonNode request, Instant createdAt) {}

    public Uni<Void> onRequest(ExportRequest r) {
        return pool.preparedQuery("INSERT INTO manifest.webhook_exports (export_id, workspace_id, workflows, format, tag, "
                        + "shard_size_bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (export_id) DO UPDATE "
                        + "SET workflows = EXCLUDED.workflows, format = EXCLUDED.format, tag = EXCLUDED.tag, "
                        + "shard_size_bytes = EXCLUDED.shard_size_bytes, created_at = EXCLUDED.created_at")
                .execute(Tuple.from(Arrays.asList(r.getExportId(), r.getWorkspaceId(), r.getWorkflows().toArray(String[]::new),
                        r.getFormat().name(), r.getTag(), r.getShardSizeBytes(), r.getRequestedAt().atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    /** The plan's numbers; the request's fields are filled from the plan only while the request has not been seen. */
    public Uni<Void> onPlan(ExportStatus status) {
        ExportPlan p = status.getPlan();
        return pool.preparedQuery("INSERT INTO manifest.webhook_exports (export_id, workspace_id, workflows, format, tag, "
                        + "shard_size_bytes, row_count, shard_count, frame_count, action_count) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (export_id) DO UPDATE SET "
                        + "workflows = COALESCE(webhook_exports.workflows, EXCLUDED.workflows), "
                        + "format = COALESCE(webhook_exports.format, EXCLUDED.format), "
                        + "tag = COALESCE(webhook_exports.tag, EXCLUDED.tag), "
                        + "shard_size_bytes = COALESCE(webhook_exports.shard_size_bytes, EXCLUDED.shard_size_bytes), "
                        + "row_count = EXCLUDED.row_count, shard_count = EXCLUDED.shard_count, "
                        + "frame_count = EXCLUDED.frame_count, action_count = EXCLUDED.action_count")
                .execute(Tuple.from(Arrays.asList(status.getExportId(), status.getWorkspaceId(),
                        p.getWorkflows().toArray(String[]::new), p.getFormat().name(), p.getTag(), p.getShardSizeBytes(),
                        p.getRows(), p.getShards(), p.getFrames(), p.getActions())))
                .replaceWithVoid();
    }

    /** The export as the API shows it once this status applies; fields nobody reported yet stay null. */
    public Uni<ExportView> view(ExportStatus status) {
        return pool.preparedQuery("SELECT * FROM manifest.webhook_exports WHERE export_id = $1")
                .execute(Tuple.of(status.getExportId()))
                .chain(rows -> requested(status.getWorkspaceId(), status.getExportId())
                        .map(requested -> of(status, rows.size() == 0 ? null : rows.iterator().next(), requested)));
    }

    /** The export as just queued. */
    public Uni<ExportView> queued(ExportRequest r) {
        return requested(r.getWorkspaceId(), r.getExportId()).map(requested -> withRequest(new ExportView(r.getExportId(),
                "queued", workflow(r.getWorkflows()), r.getFormat().name(), r.getTag(), null, null, r.getShardSizeBytes(),
                null, null, 0, null, null, r.getRequestedAt(), null, null, null), requested));
    }

    private Uni<Requested> requested(String workspaceId, String exportId) {
        return pool.preparedQuery("SELECT workflow::text AS workflow, request::text AS request, created_at "
                        + "FROM gateway.exports WHERE id = $1 AND workspace_id = $2")
                .execute(Tuple.of(exportId, workspaceId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new Requested(json(row.getString("workflow")), json(row.getString("request")),
                            row.getOffsetDateTime("created_at").toInstant());
                });
    }

    /** {@code view} with what the gateway rendered of the request, as {@code GET /v1/exports/{id}} shows it. */
    private static ExportView withRequest(ExportView v, Requested requested) {
        if (requested == null) {
            return v;
        }
        JsonNode request = requested.request();
        return new ExportView(v.id(), v.status(), requested.workflow(), v.format(), v.tag(), v.rows(), v.shards(),
                v.shardSizeBytes(), v.frames(), v.actions(), v.shardsDone(), v.manifestUrl(), v.error(),
                requested.createdAt(), request.get("filter"), request.get("frame_sampling"), request.get("destination"));
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("gateway.exports holds JSON that does not parse", e);
        }
    }

    private static ExportView of(ExportStatus s, Row r, Requested requested) {
        boolean completed = s.getStatus() == ExportState.completed;
        Integer shards = r == null ? null : r.getInteger("shard_count");
        int shardsDone = completed && shards != null ? Math.max(s.getShardsDone(), shards) : s.getShardsDone();
        OffsetDateTime created = r == null ? null : r.getOffsetDateTime("created_at");
        String[] workflows = r == null ? null : r.getArrayOfStrings("workflows");
        Long shardSize = r == null ? null : r.getLong("shard_size_bytes");
        return withRequest(new ExportView(s.getExportId(), s.getStatus().name(),
                workflows == null ? null : workflow(List.of(workflows)),
                r == null ? null : r.getString("format"), r == null ? null : r.getString("tag"),
                r == null ? null : r.getLong("row_count"), shards, shardSize == null ? 0 : shardSize,
                r == null ? null : r.getLong("frame_count"), r == null ? null : r.getLong("action_count"), shardsDone,
                s.getManifestUrl(),
                s.getError() == null ? null : new ExportView.ErrorView(s.getError().getCode(), s.getError().getMessage()),
                created == null ? s.getAt() : created.toInstant(), null, null, null), requested);
    }

    /** One slug as a string, several as a list (the request's list form of one slug is not carried on the topic). */
    private static JsonNode workflow(List<String> workflows) {
        if (workflows.size() == 1) {
            return JsonNodeFactory.instance.textNode(workflows.get(0));
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        workflows.forEach(array::add);
        return array;
    }
}
