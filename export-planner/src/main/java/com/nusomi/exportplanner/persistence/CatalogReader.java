package com.nusomi.exportplanner.persistence;

import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.Outcome;
import com.nusomi.exportplanner.service.Candidate;
import com.nusomi.exportplanner.service.SessionFacts;
import com.nusomi.exportplanner.service.Selection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the catalog (owned and migrated by session-sealer; read-only here) with the reactive PostgreSQL client. It
 * returns facts, not decisions: which sessions and rows an export takes is decided by the service classes
 * ({@code SessionFilter}, {@code EventGate}, {@code FrameSampler}). Ids are compared byte-wise ({@code COLLATE "C"}) so
 * the order does not depend on the database's locale.
 */
@ApplicationScoped
public class CatalogReader {
    /** The export's scope, one page after {@code $4} (keyset paging): sealed sessions of the workspace and workflows. */
    static final String SESSIONS = """
            SELECT s.id, s.workflow, s.outcome, s.created_at, s.actor_kind, s.duration_ms,
                   ARRAY(SELECT DISTINCT t ->> 'name' FROM jsonb_array_elements(s.tags) AS t
                         WHERE t ->> 'name' IS NOT NULL) AS tag_names
            FROM catalog.sessions s
            WHERE s.workspace_id = $1
              AND s.status = 'sealed'
              AND s.sealed_at <= $2
              AND s.workflow = ANY($3::text[])
              AND ($4::text IS NULL OR s.id COLLATE "C" > $4::text)
            ORDER BY s.id COLLATE "C"
            LIMIT $5""";

    /**
     * Events (with facts about their frame) and, unless {@code $3} is false, every frame (with its events' best
     * confidence), of the sessions {@code $1}, in export order. JSON documents are measured here, so no DOM leaves
     * the database for planning.
     */
    static final String CANDIDATES = """
            WITH fr AS (
                SELECT f.id, f.session_id, f.t_ms, f.keyframe,
                       lag(f.t_ms) OVER (PARTITION BY f.session_id ORDER BY f.t_ms) AS previous_t_ms,
                       f.image_size,
                       coalesce(octet_length(f.image_sha256), 0) AS image_sha256_bytes,
                       coalesce(octet_length(f.viewport::text), 4) AS viewport_bytes,
                       coalesce(octet_length(f.dom::text), 4) AS dom_bytes,
                       coalesce(octet_length(f.accessibility_tree::text), 4) AS accessibility_tree_bytes
                FROM catalog.frames f
                WHERE f.session_id = ANY($1::text[]) AND f.workspace_id = $2
            ), ev AS (
                SELECT e.id, e.session_id, e.t_ms, e.type, e.confidence, e.frame_id,
                       octet_length(e.payload::text) AS payload_bytes
                FROM catalog.events e
                WHERE e.session_id = ANY($1::text[]) AND e.workspace_id = $2
            ), candidates AS (
                SELECT ev.session_id, ev.t_ms, ev.id AS event_id, ev.type AS event_type, ev.confidence AS event_confidence,
                       fr.id AS frame_id, fr.t_ms AS frame_t_ms, coalesce(fr.keyframe, false) AS keyframe,
                       fr.previous_t_ms, NULL::float8 AS frame_max_confidence, ev.payload_bytes,
                       coalesce(fr.image_size, 0) AS image_size, coalesce(fr.image_sha256_bytes, 0) AS image_sha256_bytes,
                       coalesce(fr.viewport_bytes, 4) AS viewport_bytes, coalesce(fr.dom_bytes, 4) AS dom_bytes,
                       coalesce(fr.accessibility_tree_bytes, 4) AS accessibility_tree_bytes
                FROM ev LEFT JOIN fr ON fr.id = ev.frame_id AND fr.session_id = ev.session_id
                UNION ALL
                SELECT fr.session_id, fr.t_ms, NULL, NULL, NULL,
                       fr.id, fr.t_ms, fr.keyframe, fr.previous_t_ms, best.confidence, 0,
                       fr.image_size, fr.image_sha256_bytes, fr.viewport_bytes, fr.dom_bytes, fr.accessibility_tree_bytes
                FROM fr LEFT JOIN (SELECT frame_id, max(confidence) AS confidence FROM ev GROUP BY frame_id) best
                     ON best.frame_id = fr.id
                WHERE $3::boolean
            )
            SELECT * FROM candidates c
            ORDER BY c.session_id COLLATE "C", c.t_ms, c.event_id COLLATE "C" NULLS FIRST, c.frame_id COLLATE "C" NULLS FIRST""";

    private final Pool pool;

    CatalogReader(Pool pool) {
        this.pool = pool;
    }

    /**
     * Runs {@code work} in one transaction on a snapshot (REPEATABLE READ), so that every catalog read inside sees the
     * same catalog; the planner's own writes inside commit with it.
     */
    public <T> Uni<T> inSnapshot(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(conn -> conn
                .query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute()
                .chain(() -> work.apply(conn)));
    }

    /** The scope's sessions page by page, in id order ({@code pageSize} each, the last one shorter or empty). */
    public Multi<List<SessionFacts>> sessions(SqlConnection conn, Selection scope, int pageSize) {
        var last = new String[1];
        return Multi.createBy().repeating()
                .uni(() -> conn.preparedQuery(SESSIONS).execute(Tuple.from(Arrays.asList(scope.workspaceId(),
                                timestamp(scope.sealedBy()), scope.workflows().toArray(String[]::new), last[0], pageSize)))
                        .map(rows -> {
                            List<SessionFacts> page = new ArrayList<>();
                            rows.forEach(row -> page.add(toSession(row)));
                            if (!page.isEmpty()) {
                                last[0] = page.getLast().id();
                            }
                            return page;
                        }))
                .whilst(page -> page.size() == pageSize)
                .select().where(page -> !page.isEmpty());
    }

    /** The candidates of {@code sessionIds} in export order, {@code fetchSize} at a time through a cursor. */
    public Multi<List<Candidate>> candidates(SqlConnection conn, String workspaceId, List<String> sessionIds,
                                             boolean withFrames, int fetchSize) {
        return conn.prepare(CANDIDATES)
                .onItem().transformToMulti(statement -> {
                    var cursor = statement.cursor(Tuple.of(sessionIds.toArray(String[]::new), workspaceId, withFrames));
                    return Multi.createBy().repeating()
                            .uni(() -> cursor.read(fetchSize))
                            .whilst(page -> cursor.hasMore())
                            .onTermination().call(() -> cursor.close().chain(statement::close));
                })
                .onItem().transform(page -> {
                    List<Candidate> candidates = new ArrayList<>(page.size());
                    page.forEach(row -> candidates.add(toCandidate(row)));
                    return candidates;
                });
    }

    /** Whether the catalog tables exist and can be read. */
    public Uni<Boolean> readable() {
        return pool.query("SELECT 1 FROM catalog.sessions, catalog.frames, catalog.events LIMIT 0").execute()
                .replaceWith(true)
                .onFailure().recoverWithItem(false);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static SessionFacts toSession(Row row) {
        String outcome = row.getString("outcome");
        String actorKind = row.getString("actor_kind");
        return new SessionFacts(
                row.getString("id"),
                row.getString("workflow"),
                outcome == null ? null : Outcome.valueOf(outcome),
                row.getOffsetDateTime("created_at").toInstant(),
                actorKind == null ? null : ActorKind.valueOf(actorKind),
                row.getLong("duration_ms"),
                new LinkedHashSet<>(Arrays.asList(row.getArrayOfStrings("tag_names"))));
    }

    private static Candidate toCandidate(Row row) {
        String frameId = row.getString("frame_id");
        Long frameTMs = row.getLong("frame_t_ms");
        return new Candidate(
                row.getString("session_id"),
                row.getLong("t_ms"),
                row.getString("event_id"),
                row.getString("event_type"),
                row.getDouble("event_confidence"),
                frameId,
                frameTMs == null ? 0 : frameTMs,
                row.getBoolean("keyframe"),
                row.getLong("previous_t_ms"),
                row.getDouble("frame_max_confidence"),
                new Candidate.Sizes(
                        row.getLong("payload_bytes"),
                        row.getLong("image_size"),
                        row.getLong("image_sha256_bytes"),
                        row.getLong("viewport_bytes"),
                        row.getLong("dom_bytes"),
                        row.getLong("accessibility_tree_bytes")));
    }
}
