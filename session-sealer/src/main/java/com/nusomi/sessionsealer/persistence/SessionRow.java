package com.nusomi.sessionsealer.persistence;

import com.nusomi.contracts.avro.SessionStatus;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;

/** One row of {@code catalog.sessions}; JSON columns as text. */
public record SessionRow(String id, String workspaceId, String workflow, SessionStatus status, String actorKind,
                         String actorId, String surface, String metadataJson, String tagsJson, String outcome,
                         Instant createdAt, Instant startedAt, Instant stoppedAt, Instant sealedAt, Long durationMs,
                         long frameCount, long eventCount, String stopWatermarkJson, Instant updatedAt) {

    static final String COLUMNS = "id, workspace_id, workflow, status, actor_kind, actor_id, surface, metadata::text AS metadata, "
            + "tags::text AS tags, outcome, created_at, started_at, stopped_at, sealed_at, duration_ms, frame_count, "
            + "event_count, stop_watermark::text AS stop_watermark, updated_at";

    static SessionRow of(Row row) {
        return new SessionRow(row.getString("id"), row.getString("workspace_id"), row.getString("workflow"),
                SessionStatus.valueOf(row.getString("status")), row.getString("actor_kind"), row.getString("actor_id"),
                row.getString("surface"), row.getString("metadata"), row.getString("tags"), row.getString("outcome"),
                instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("started_at")),
                instant(row.getOffsetDateTime("stopped_at")), instant(row.getOffsetDateTime("sealed_at")),
                row.getLong("duration_ms"), row.getLong("frame_count"), row.getLong("event_count"),
                row.getString("stop_watermark"), instant(row.getOffsetDateTime("updated_at")));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
