package com.nusomi.apigateway.stream;

import com.nusomi.apigateway.persistence.EventRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The history side of streams: reads of {@code catalog.events} (written by session-sealer) in stream order. */
@ApplicationScoped
public class StreamCatalog {
    private static final String COLUMNS = "e.id, e.session_id, e.frame_id, e.t_ms, e.type, e.payload::text AS payload, "
            + "e.confidence, e.source, e.created_at";

    private final Pool pool;

    StreamCatalog(Pool pool) {
        this.pool = pool;
    }

    /** Where a replay resumes: the (t_ms, id) of an event. */
    public record Position(long tMs, String id) {}

    /** The position of one event of the session, if the catalog has it. */
    public Uni<Optional<Position>> position(String workspaceId, String sessionId, String eventId) {
        return pool.preparedQuery("SELECT t_ms, id FROM catalog.events e WHERE id = $1 AND session_id = $2 AND workspace_id = $3")
                .execute(Tuple.of(eventId, sessionId, workspaceId))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(new Position(rows.iterator().next().getLong("t_ms"), eventId)));
    }

    /** Whether the event belongs to a session of this workflow. */
    public Uni<Boolean> inWorkflow(String workspaceId, String workflow, String eventId) {
        return pool.preparedQuery("SELECT 1 FROM catalog.events e JOIN catalog.sessions s ON s.id = e.session_id "
                        + "WHERE e.id = $1 AND e.workspace_id = $2 AND s.workflow = $3")
                .execute(Tuple.of(eventId, workspaceId, workflow))
                .map(rows -> rows.size() > 0);
    }

    /** A page of the session's events after {@code after} (or from the start) in (t_ms, id) order, filtered. */
    public Uni<List<EventRow>> sessionEvents(String workspaceId, String sessionId, StreamFilter filter, Position after, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM catalog.events e "
                        + "WHERE e.session_id = $1 AND e.workspace_id = $2 AND ($3::text[] IS NULL OR e.type = ANY($3)) "
                        + "AND ($4::float8 IS NULL OR e.confidence >= $4) AND ($5::bigint IS NULL OR e.t_ms >= $5) "
                        + "AND ($6::bigint IS NULL OR (e.t_ms, e.id) > ($6, $7)) ORDER BY e.t_ms, e.id LIMIT $8")
                .execute(Tuple.from(Arrays.asList(sessionId, workspaceId, filter.typeArray(), filter.confidenceGte(),
                        filter.fromTMs(), after == null ? null : after.tMs(), after == null ? null : after.id(), limit)))
                .map(StreamCatalog::rows);
    }

    /** A page of the workflow's events with ids after {@code afterId}, in id order, filtered. */
    public Uni<List<EventRow>> workflowEvents(String workspaceId, String workflow, StreamFilter filter, String afterId, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM catalog.events e JOIN catalog.sessions s ON s.id = e.session_id "
                        + "WHERE e.workspace_id = $1 AND s.workflow = $2 AND e.id > $3 "
                        + "AND ($4::text[] IS NULL OR e.type = ANY($4)) AND ($5::float8 IS NULL OR e.confidence >= $5) "
                        + "AND ($6::bigint IS NULL OR e.t_ms >= $6) ORDER BY e.id LIMIT $7")
                .execute(Tuple.from(Arrays.asList(workspaceId, workflow, afterId, filter.typeArray(),
                        filter.confidenceGte(), filter.fromTMs(), limit)))
                .map(StreamCatalog::rows);
    }

    /** The workflow of a session; blocking (the live feed's thread asks, once per session). */
    public Optional<String> workflowOf(String sessionId) {
        return pool.preparedQuery("SELECT workflow FROM catalog.sessions WHERE id = $1")
                .execute(Tuple.of(sessionId))
                .map(rows -> rows.size() == 0 ? Optional.<String>empty() : Optional.of(rows.iterator().next().getString("workflow")))
                .await().atMost(Duration.ofSeconds(10));
    }

    private static List<EventRow> rows(RowSet<Row> rows) {
        List<EventRow> list = new ArrayList<>();
        rows.forEach(r -> list.add(new EventRow(r.getString("id"), r.getString("session_id"), r.getString("frame_id"),
                r.getLong("t_ms"), r.getString("type"), r.getString("payload"), r.getDouble("confidence"),
                r.getString("source"), createdAt(r))));
        return list;
    }

    private static Instant createdAt(Row r) {
        OffsetDateTime t = r.getOffsetDateTime("created_at");
        return t == null ? null : t.toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
