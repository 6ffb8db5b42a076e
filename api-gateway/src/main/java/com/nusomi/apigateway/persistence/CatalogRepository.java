package com.nusomi.apigateway.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads of the catalog (schema {@code catalog}, migrated and written only by session-sealer). Every query names the
 * caller's workspace: another workspace's session simply does not exist here.
 */
@ApplicationScoped
public class CatalogRepository {
    private static final String SESSION_COLUMNS = "id, workspace_id, workflow, status, actor_kind, actor_id, surface, "
            + "metadata::text AS metadata, tags::text AS tags, outcome, created_at, started_at, stopped_at, sealed_at, "
            + "duration_ms, frame_count, event_count";
    private static final String EVENT_COLUMNS = "id, session_id, frame_id, t_ms, type, payload::text AS payload, "
            + "confidence, source, created_at";

    private final Pool pool;

    CatalogRepository(Pool pool) {
        this.pool = pool;
    }

    /** Filters of the session list; null means "any". */
    public record SessionFilter(String workflow, String status, String outcome, String actorKind) {}

    /** Filters and order of an event list; the cursor position is (t_ms, id) of the last event seen. */
    public record EventQuery(List<String> types, Long tMsGte, Long tMsLte, boolean descending, Long afterTMs,
                             String afterId, int limit) {}

    public Uni<Optional<SessionRow>> session(String workspaceId, String sessionId) {
        return pool.preparedQuery("SELECT " + SESSION_COLUMNS + " FROM catalog.sessions "
                        + "WHERE id = $1 AND workspace_id = $2 AND status <> 'deleted'")
                .execute(Tuple.of(sessionId, workspaceId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(session(rows.iterator().next())));
    }

    /** Newest first (ids are ULIDs), strictly before {@code beforeId} when given. */
    public Uni<List<SessionRow>> sessions(String workspaceId, SessionFilter filter, String beforeId, int limit) {
        return pool.preparedQuery("SELECT " + SESSION_COLUMNS + " FROM catalog.sessions "
                        + "WHERE workspace_id = $1 AND status <> 'deleted' "
                        + "AND ($2::text IS NULL OR workflow = $2) AND ($3::text IS NULL OR status = $3) "
                        + "AND ($4::text IS NULL OR outcome = $4) AND ($5::text IS NULL OR actor_kind = $5) "
                        + "AND ($6::text IS NULL OR id < $6) ORDER BY id DESC LIMIT $7")
                .execute(Tuple.from(java.util.Arrays.asList(workspaceId, filter.workflow(), filter.status(),
                        filter.outcome(), filter.actorKind(), beforeId, limit)))
                .map(rows -> {
                    List<SessionRow> list = new ArrayList<>();
                    rows.forEach(r -> list.add(session(r)));
                    return list;
                });
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
                .map(CatalogRepository::events);
    }

    /** A page of a session's events in (t_ms, id) order, ascending or descending. */
    public Uni<List<EventRow>> events(String workspaceId, String sessionId, EventQuery q) {
        String after = q.descending() ? "(t_ms, id) < ($6, $7)" : "(t_ms, id) > ($6, $7)";
        String order = q.descending() ? "t_ms DESC, id DESC" : "t_ms ASC, id ASC";
        return pool.preparedQuery("SELECT " + EVENT_COLUMNS + " FROM catalog.events "
                        + "WHERE session_id = $1 AND workspace_id = $2 AND ($3::text[] IS NULL OR type = ANY($3)) "
                        + "AND ($4::bigint IS NULL OR t_ms >= $4) AND ($5::bigint IS NULL OR t_ms <= $5) "
                        + "AND ($6::bigint IS NULL OR " + after + ") ORDER BY " + order + " LIMIT $8")
                .execute(Tuple.from(java.util.Arrays.asList(sessionId, workspaceId,
                        q.types() == null ? null : q.types().toArray(String[]::new), q.tMsGte(), q.tMsLte(),
                        q.afterTMs(), q.afterId(), q.limit())))
                .map(CatalogRepository::events);
    }

    private static List<EventRow> events(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<EventRow> list = new ArrayList<>();
        rows.forEach(r -> list.add(new EventRow(r.getString("id"), r.getString("session_id"), r.getString("frame_id"),
                r.getLong("t_ms"), r.getString("type"), r.getString("payload"), r.getDouble("confidence"),
                r.getString("source"), Rows.instant(r, "created_at"))));
        return list;
    }

    private static SessionRow session(Row r) {
        return new SessionRow(r.getString("id"), r.getString("workspace_id"), r.getString("workflow"),
                r.getString("status"), r.getString("actor_kind"), r.getString("actor_id"), r.getString("surface"),
                r.getString("metadata"), r.getString("tags"), r.getString("outcome"), Rows.instant(r, "created_at"),
                Rows.instant(r, "started_at"), Rows.instant(r, "stopped_at"), Rows.instant(r, "sealed_at"),
                r.getLong("duration_ms"), r.getLong("frame_count"), r.getLong("event_count"));
    }
}
