package com.nusomi.sessionsealer.persistence;

import static com.nusomi.sessionsealer.persistence.Sql.params;
import static com.nusomi.sessionsealer.persistence.Sql.ts;

import com.nusomi.contracts.avro.Outcome;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** {@code catalog.sessions}: the state machine's rows. Every writing method runs inside the caller's transaction. */
@ApplicationScoped
public class SessionRepository {

    /** New session in {@code created}; false when the id already exists. */
    public Uni<Boolean> insert(SqlClient tx, NewSession s) {
        return tx.preparedQuery("""
                INSERT INTO catalog.sessions (id, workspace_id, workflow, status, actor_kind, actor_id, surface, metadata,
                                              tags, created_at, updated_at)
                VALUES ($1, $2, $3, 'created', $4, $5, $6, $7::text::jsonb, $8::text::jsonb, $9, $10)
                ON CONFLICT (id) DO NOTHING""")
                .execute(params(s.id(), s.workspaceId(), s.workflow(), s.actorKind(), s.actorId(), s.surface(),
                        s.metadataJson(), s.tagsJson(), ts(s.createdAt()), ts(s.createdAt())))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<SessionRow>> find(SqlClient client, String id) {
        return one(client, "SELECT " + SessionRow.COLUMNS + " FROM catalog.sessions WHERE id = $1", id);
    }

    /** The row, locked until the transaction ends: every writer of a session goes through this lock. */
    public Uni<Optional<SessionRow>> lock(SqlClient tx, String id) {
        return one(tx, "SELECT " + SessionRow.COLUMNS + " FROM catalog.sessions WHERE id = $1 FOR UPDATE", id);
    }

    public Uni<SessionRow> start(SqlClient tx, String id, Instant startedAt, Instant now) {
        return updated(tx, """
                UPDATE catalog.sessions SET status = 'recording', started_at = $2, updated_at = $3
                WHERE id = $1 RETURNING\s""" + SessionRow.COLUMNS, params(id, ts(startedAt), ts(now)));
    }

    public Uni<SessionRow> stop(SqlClient tx, String id, Instant stoppedAt, String watermarkJson) {
        return updated(tx, """
                UPDATE catalog.sessions SET status = 'stopped', stopped_at = $2, stop_watermark = $3::text::jsonb, updated_at = $2
                WHERE id = $1 RETURNING\s""" + SessionRow.COLUMNS, params(id, ts(stoppedAt), watermarkJson));
    }

    /** Stopped by the idle timeout: like {@link #stop}, and the seal will say {@code abandoned}. */
    public Uni<SessionRow> stopIdle(SqlClient tx, String id, Instant stoppedAt, String watermarkJson) {
        return updated(tx, """
                UPDATE catalog.sessions SET status = 'stopped', stopped_at = $2, stop_watermark = $3::text::jsonb,
                       stopped_idle = true, updated_at = $2
                WHERE id = $1 RETURNING\s""" + SessionRow.COLUMNS, params(id, ts(stoppedAt), watermarkJson));
    }

    /** Seals with {@code outcome}, or {@code abandoned} when the idle timeout stopped the recording. */
    public Uni<SessionRow> seal(SqlClient tx, String id, SealFacts facts, Outcome outcome, Instant sealedAt) {
        return updated(tx, """
                UPDATE catalog.sessions SET status = 'sealed', outcome = CASE WHEN stopped_idle THEN 'abandoned' ELSE $2 END,
                       duration_ms = $3, frame_count = $4,
                       event_count = $5, sealed_at = $6, updated_at = $6
                WHERE id = $1 RETURNING\s""" + SessionRow.COLUMNS,
                params(id, outcome.name(), facts.durationMs(), facts.frameCount(), facts.eventCount(), ts(sealedAt)));
    }

    /** Appends one tag object to the session's {@code tags} array. */
    public Uni<SessionRow> addTag(SqlClient tx, String id, String tagJson) {
        return updated(tx, """
                UPDATE catalog.sessions SET tags = tags || jsonb_build_array($2::text::jsonb)
                WHERE id = $1 RETURNING\s""" + SessionRow.COLUMNS, params(id, tagJson));
    }

    /**
     * Deletes the session; its frames and events go with it (ON DELETE CASCADE), and its images are queued for deletion
     * from the object store (see {@code BlobReaper}).
     */
    public Uni<Void> delete(SqlClient tx, String id, Instant at) {
        return tx.preparedQuery("""
                INSERT INTO catalog.blob_deletions (bucket, key, requested_at)
                SELECT DISTINCT image_bucket, image_key, $2::timestamptz FROM catalog.frames WHERE session_id = $1
                ON CONFLICT (bucket, key) DO UPDATE SET requested_at = EXCLUDED.requested_at""")
                .execute(params(id, ts(at)))
                .chain(() -> tx.preparedQuery("DELETE FROM catalog.sessions WHERE id = $1").execute(params(id)))
                .replaceWithVoid();
    }

    /**
     * Adds one key ({@code lifecycle} or {@code events}) to a stopped session's watermark, once: a key already there
     * (another instance, an earlier round) is kept. True when this call recorded it.
     */
    public Uni<Boolean> recordWatermark(SqlClient client, String id, String key, String offsetsJson) {
        return client.preparedQuery("""
                UPDATE catalog.sessions SET stop_watermark = stop_watermark || jsonb_build_object($2::text, $3::text::jsonb)
                WHERE id = $1 AND status = 'stopped' AND NOT (stop_watermark ? $2::text)""")
                .execute(params(id, key, offsetsJson)).map(rows -> rows.rowCount() == 1);
    }

    /** Stopped sessions with their watermark: the seal candidates. */
    public Uni<List<Stopped>> stopped(SqlClient client) {
        return client.preparedQuery("""
                SELECT id, stop_watermark::text AS stop_watermark FROM catalog.sessions
                WHERE status = 'stopped' ORDER BY stopped_at""").execute()
                .map(rows -> StreamSupport.stream(rows.spliterator(), false)
                        .map(r -> new Stopped(r.getString("id"), r.getString("stop_watermark"))).toList());
    }

    /** Recording sessions (with or without frames) whose last activity is older than {@code before}. */
    public Uni<List<String>> idleRecordings(SqlClient client, Instant before) {
        return client.preparedQuery("""
                SELECT id FROM catalog.sessions
                WHERE status = 'recording' AND updated_at < $1 ORDER BY updated_at LIMIT 100""")
                .execute(params(ts(before)))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(r -> r.getString("id")).toList());
    }

    /** What a seal writes down, read from the projected rows (not the running counters). */
    public Uni<SealFacts> sealFacts(SqlClient tx, String id) {
        return tx.preparedQuery("""
                SELECT (SELECT count(*) FROM catalog.frames f WHERE f.session_id = $1) AS frames,
                       (SELECT count(*) FROM catalog.events e WHERE e.session_id = $1) AS events,
                       GREATEST((SELECT max(t_ms) FROM catalog.frames f WHERE f.session_id = $1),
                                (SELECT max(t_ms) FROM catalog.events e WHERE e.session_id = $1)) AS last_t_ms,
                       (SELECT type FROM catalog.events e WHERE e.session_id = $1 AND e.type IN ('success', 'error')
                        ORDER BY t_ms DESC, id DESC LIMIT 1) AS last_marker""")
                .execute(params(id))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    Long last = r.getLong("last_t_ms");
                    return new SealFacts(r.getLong("frames"), r.getLong("events"), last == null ? 0L : last,
                            Optional.ofNullable(r.getString("last_marker")));
                });
    }


    private static Uni<Optional<SessionRow>> one(SqlClient client, String sql, String id) {
        return client.preparedQuery(sql).execute(params(id)).map(rows -> {
            var it = rows.iterator();
            return it.hasNext() ? Optional.of(SessionRow.of(it.next())) : Optional.<SessionRow>empty();
        });
    }

    private static Uni<SessionRow> updated(SqlClient tx, String sql, io.vertx.mutiny.sqlclient.Tuple params) {
        return tx.preparedQuery(sql).execute(params).map(rows -> SessionRow.of(rows.iterator().next()));
    }

    /** The fields of a CreateSession as stored. */
    public record NewSession(String id, String workspaceId, String workflow, String actorKind, String actorId,
                             String surface, String metadataJson, String tagsJson, Instant createdAt) {}

    /** A stopped session waiting for its seal. */
    public record Stopped(String id, String watermarkJson) {}

    /** Counts, duration (the last frame/event t_ms) and the deciding success/error marker, if any. */
    public record SealFacts(long frameCount, long eventCount, long durationMs, Optional<String> lastMarker) {}
}
