package com.nusomi.sessionsealer.persistence;

import static com.nusomi.sessionsealer.persistence.Sql.params;
import static com.nusomi.sessionsealer.persistence.Sql.ts;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** {@code catalog.frames} and {@code catalog.events}: idempotent inserts plus the session's running counters. */
@ApplicationScoped
public class ProjectionRepository {

    public Uni<Boolean> frameExists(SqlClient tx, String frameId) {
        return exists(tx, "SELECT 1 FROM catalog.frames WHERE id = $1", frameId);
    }

    public Uni<Boolean> eventExists(SqlClient tx, String eventId) {
        return exists(tx, "SELECT 1 FROM catalog.events WHERE id = $1", eventId);
    }

    /** Inserts a frame; false when its id or its (session_id, t_ms) is already taken. */
    public Uni<Boolean> insertFrame(SqlClient tx, FrameRow f) {
        return tx.preparedQuery("""
                INSERT INTO catalog.frames (id, session_id, workspace_id, t_ms, image_bucket, image_key, image_sha256,
                    image_size, width, height, viewport, dom, accessibility_tree, app, cursor, keyframe, captured_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb, $12::text::jsonb,
                        $13::text::jsonb, $14::text::jsonb, $15::text::jsonb, $16, $17)
                ON CONFLICT DO NOTHING""")
                .execute(params(f.id(), f.sessionId(), f.workspaceId(), f.tMs(), f.imageBucket(), f.imageKey(),
                        f.imageSha256(), f.imageSize(), f.width(), f.height(), f.viewportJson(), f.domJson(),
                        f.accessibilityTreeJson(), f.appJson(), f.cursorJson(), f.keyframe(), ts(f.capturedAt())))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Inserts an event; false when its id is already stored. */
    public Uni<Boolean> insertEvent(SqlClient tx, EventRow e) {
        return tx.preparedQuery("""
                INSERT INTO catalog.events (id, session_id, workspace_id, frame_id, t_ms, type, payload, confidence,
                                            source, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9, $10)
                ON CONFLICT DO NOTHING""")
                .execute(params(e.id(), e.sessionId(), e.workspaceId(), e.frameId(), e.tMs(), e.type(), e.payloadJson(),
                        e.confidence(), e.source(), ts(e.createdAt())))
                .map(rows -> rows.rowCount() == 1);
    }

    /** One more projected frame: the counter and the activity clock the idle timeout reads. */
    public Uni<Void> countFrame(SqlClient tx, String sessionId, Instant now) {
        return tx.preparedQuery("UPDATE catalog.sessions SET frame_count = frame_count + 1, updated_at = $2 WHERE id = $1")
                .execute(params(sessionId, ts(now))).replaceWithVoid();
    }

    public Uni<Void> countEvent(SqlClient tx, String sessionId, Instant now) {
        return tx.preparedQuery("UPDATE catalog.sessions SET event_count = event_count + 1, updated_at = $2 WHERE id = $1")
                .execute(params(sessionId, ts(now))).replaceWithVoid();
    }

    private static Uni<Boolean> exists(SqlClient tx, String sql, String id) {
        return tx.preparedQuery(sql).execute(params(id)).map(rows -> rows.rowCount() > 0);
    }

    public record FrameRow(String id, String sessionId, String workspaceId, long tMs, String imageBucket, String imageKey,
                           String imageSha256, long imageSize, int width, int height, String viewportJson, String domJson,
                           String accessibilityTreeJson, String appJson, String cursorJson, boolean keyframe,
                           Instant capturedAt) {}

    public record EventRow(String id, String sessionId, String workspaceId, String frameId, long tMs, String type,
                           String payloadJson, double confidence, String source, Instant createdAt) {}
}
