package com.nusomi.apigateway.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads of the catalog (schema {@code catalog}, migrated and written only by session-sealer). Every query names the
 * caller's workspace: another workspace's session, frame or event simply does not exist here.
 */
@ApplicationScoped
public class CatalogRepository {
    private static final String SESSION_COLUMNS = "id, workspace_id, workflow, status, actor_kind, actor_id, surface, "
            + "metadata::text AS metadata, tags::text AS tags, outcome, created_at, started_at, stopped_at, sealed_at, "
            + "duration_ms, frame_count, event_count";
    private static final String EVENT_COLUMNS = "id, session_id, frame_id, t_ms, type, payload::text AS payload, "
            + "confidence, source, created_at";
    private static final String FRAME_COLUMNS = "id, session_id, t_ms, image_bucket, image_key, image_sha256, image_size, "
            + "width, height, viewport::text AS viewport, dom::text AS dom, accessibility_tree::text AS accessibility_tree, "
            + "app::text AS app, cursor::text AS cursor, keyframe, captured_at";

    private final Pool pool;

    CatalogRepository(Pool pool) {
        this.pool = pool;
    }

    /** Filters of the session list; null means "any". {@code since ≤ created_at < until}. */
    public record SessionFilter(String workflow, String status, String outcome, String actorKind, String tag,
                                Instant since, Instant until) {}

    /** Filters and order of an event list; the cursor position is (t_ms, id) of the last event seen. */
    public record EventQuery(List<String> types, Long tMsGte, Long tMsLte, String frameId, Double confidenceGte,
                             boolean descending, Long afterTMs, String afterId, int limit) {}

    public Uni<Optional<SessionRow>> session(String workspaceId, String sessionId) {
        return pool.preparedQuery("SELECT " + SESSION_COLUMNS + " FROM catalog.sessions "
                        + "WHERE id = $1 AND workspace_id = $2 AND status <> 'deleted'")
                .execute(Tuple.of(sessionId, workspaceId))
                .map(rows -> first(rows, CatalogRepository::session));
    }

    /** Newest first (ids are ULIDs), strictly before {@code beforeId} when given. */
    public Uni<List<SessionRow>> sessions(String workspaceId, SessionFilter filter, String beforeId, int limit) {
        return pool.preparedQuery("SELECT " + SESSION_COLUMNS + " FROM catalog.sessions "
                        + "WHERE workspace_id = $1 AND status <> 'deleted' "
                        + "AND ($2::text IS NULL OR workflow = $2) AND ($3::text IS NULL OR status = $3) "
                        + "AND ($4::text IS NULL OR outcome = $4) AND ($5::text IS NULL OR actor_kind = $5) "
                        + "AND ($6::text IS NULL OR tags @> jsonb_build_array(jsonb_build_object('name', $6::text))) "
                        + "AND ($7::timestamptz IS NULL OR created_at >= $7) AND ($8::timestamptz IS NULL OR created_at < $8) "
                        + "AND ($9::text IS NULL OR id < $9) ORDER BY id DESC LIMIT $10")
                .execute(Tuple.from(Arrays.asList(workspaceId, filter.workflow(), filter.status(), filter.outcome(),
                        filter.actorKind(), filter.tag(), Rows.timestamp(filter.since()), Rows.timestamp(filter.until()),
                        beforeId, limit)))
                .map(rows -> all(rows, CatalogRepository::session));
    }

    /** The workspace's workflows by slug, after {@code afterSlug} (exclusive) when given. */
    public Uni<List<WorkflowRow>> workflows(String workspaceId, String afterSlug, int limit) {
        return pool.preparedQuery("SELECT workflow, count(*) AS session_count, max(created_at) AS last_session_at "
                        + "FROM catalog.sessions WHERE workspace_id = $1 AND status <> 'deleted' "
                        + "AND ($2::text IS NULL OR workflow > $2) GROUP BY workflow ORDER BY workflow LIMIT $3")
                .execute(Tuple.of(workspaceId, afterSlug, limit))
                .map(rows -> all(rows, r -> new WorkflowRow(r.getString("workflow"), r.getLong("session_count"),
                        Rows.instant(r, "last_session_at"))));
    }

    public Uni<Optional<FrameRow>> frame(String workspaceId, String frameId) {
        return pool.preparedQuery("SELECT " + FRAME_COLUMNS + " FROM catalog.frames WHERE id = $1 AND workspace_id = $2")
                .execute(Tuple.of(frameId, workspaceId))
                .map(rows -> first(rows, CatalogRepository::frame));
    }

    /** A page of a session's frames by t_ms (unique within a session), after {@code afterTMs} when given. */
    public Uni<List<FrameRow>> frames(String workspaceId, String sessionId, Long tMsGte, Long tMsLte, Long afterTMs,
                                      int limit) {
        return pool.preparedQuery("SELECT " + FRAME_COLUMNS + " FROM catalog.frames "
                        + "WHERE session_id = $1 AND workspace_id = $2 AND ($3::bigint IS NULL OR t_ms >= $3) "
                        + "AND ($4::bigint IS NULL OR t_ms <= $4) AND ($5::bigint IS NULL OR t_ms > $5) "
                        + "ORDER BY t_ms LIMIT $6")
                .execute(Tuple.from(Arrays.asList(sessionId, workspaceId, tMsGte, tMsLte, afterTMs, limit)))
                .map(rows -> all(rows, CatalogRepository::frame));
    }

    /** The frames among {@code ids} of the workspace. */
    public Uni<List<FrameRow>> frames(String workspaceId, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery("SELECT " + FRAME_COLUMNS + " FROM catalog.frames WHERE workspace_id = $1 AND id = ANY($2)")
                .execute(Tuple.of(workspaceId, ids.toArray(String[]::new)))
                .map(rows -> all(rows, CatalogRepository::frame));
    }

    public Uni<Boolean> frameExists(String workspaceId, String sessionId, String frameId) {
        return pool.preparedQuery("SELECT 1 FROM catalog.frames WHERE id = $1 AND session_id = $2 AND workspace_id = $3")
                .execute(Tuple.of(frameId, sessionId, workspaceId))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Boolean> hasFrames(String sessionId) {
        return pool.preparedQuery("SELECT 1 FROM catalog.frames WHERE session_id = $1 LIMIT 1")
                .execute(Tuple.of(sessionId))
                .map(rows -> rows.size() > 0);
    }

    /** The stored events among {@code ids}. */
    public Uni<List<EventRow>> events(String workspaceId, String sessionId, List<String> ids) {
        return pool.preparedQuery("SELECT " + EVENT_COLUMNS + " FROM catalog.events "
                        + "WHERE session_id = $1 AND workspace_id = $2 AND id = ANY($3)")
                .execute(Tuple.of(sessionId, workspaceId, ids.toArray(String[]::new)))
                .map(rows -> all(rows, CatalogRepository::event));
    }

    /** A page of a session's events in (t_ms, id) order, ascending or descending. */
    public Uni<List<EventRow>> events(String workspaceId, String sessionId, EventQuery q) {
        String after = q.descending() ? "(t_ms, id) < ($6, $7)" : "(t_ms, id) > ($6, $7)";
        String order = q.descending() ? "t_ms DESC, id DESC" : "t_ms ASC, id ASC";
        return pool.preparedQuery("SELECT " + EVENT_COLUMNS + " FROM catalog.events "
                        + "WHERE session_id = $1 AND workspace_id = $2 AND ($3::text[] IS NULL OR type = ANY($3)) "
                        + "AND ($4::bigint IS NULL OR t_ms >= $4) AND ($5::bigint IS NULL OR t_ms <= $5) "
                        + "AND ($6::bigint IS NULL OR " + after + ") "
                        + "AND ($9::text IS NULL OR frame_id = $9) AND ($10::float8 IS NULL OR confidence >= $10) "
                        + "ORDER BY " + order + " LIMIT $8")
                .execute(Tuple.from(Arrays.asList(sessionId, workspaceId,
                        q.types() == null ? null : q.types().toArray(String[]::new), q.tMsGte(), q.tMsLte(),
                        q.afterTMs(), q.afterId(), q.limit(), q.frameId(), q.confidenceGte())))
                .map(rows -> all(rows, CatalogRepository::event));
    }

    private static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> of) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(of.apply(it.next())) : Optional.empty();
    }

    private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> of) {
        List<T> list = new ArrayList<>();
        rows.forEach(r -> list.add(of.apply(r)));
        return list;
    }

    private static EventRow event(Row r) {
        return new EventRow(r.getString("id"), r.getString("session_id"), r.getString("frame_id"), r.getLong("t_ms"),
                r.getString("type"), r.getString("payload"), r.getDouble("confidence"), r.getString("source"),
                Rows.instant(r, "created_at"));
    }

    private static FrameRow frame(Row r) {
        return new FrameRow(r.getString("id"), r.getString("session_id"), r.getLong("t_ms"), r.getString("image_bucket"),
                r.getString("image_key"), r.getString("image_sha256"), r.getLong("image_size"), r.getInteger("width"),
                r.getInteger("height"), r.getString("viewport"), r.getString("dom"), r.getString("accessibility_tree"),
                r.getString("app"), r.getString("cursor"), r.getBoolean("keyframe"), Rows.instant(r, "captured_at"));
    }

    private static SessionRow session(Row r) {
        return new SessionRow(r.getString("id"), r.getString("workspace_id"), r.getString("workflow"),
                r.getString("status"), r.getString("actor_kind"), r.getString("actor_id"), r.getString("surface"),
                r.getString("metadata"), r.getString("tags"), r.getString("outcome"), Rows.instant(r, "created_at"),
                Rows.instant(r, "started_at"), Rows.instant(r, "stopped_at"), Rows.instant(r, "sealed_at"),
                r.getLong("duration_ms"), r.getLong("frame_count"), r.getLong("event_count"));
    }
}
