package com.nusomi.apigateway.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The frame an emitted event will be anchored to, looked up once per emit at the edge (SPEC: the latest frame with
 * t_ms ≤ the event's, else the session's first frame) so the emit answers without waiting for the pipeline to store
 * the event. The event-extractor applies the same rule to the frames it has seen and stays the authority.
 */
@ApplicationScoped
public class EventAnchors {
    /**
     * capture-ingest's own index has a frame as soon as its upload was answered (and published); the catalog gets it
     * only once the sealer projected it. Both are read when the index is in this database (a local run, one cluster).
     */
    private static final String INGESTED = "(SELECT frame_id AS id, t_ms FROM ingest.frame_index "
            + "WHERE session_id = $1 AND published_at IS NOT NULL UNION ALL "
            + "SELECT id, t_ms FROM catalog.frames WHERE session_id = $1)";
    private static final String CATALOG = "(SELECT id, t_ms FROM catalog.frames WHERE session_id = $1)";
    private static final String ANCHORS = """
            SELECT t.t_ms,
                   COALESCE((SELECT f.id FROM %1$s f WHERE f.t_ms <= t.t_ms ORDER BY f.t_ms DESC LIMIT 1),
                            (SELECT f.id FROM %1$s f ORDER BY f.t_ms LIMIT 1)) AS frame_id
            FROM unnest($2::bigint[]) AS t(t_ms)""";

    /** Whether ingest.frame_index is visible; asked until it is (capture-ingest may migrate after the gateway starts). */
    private volatile boolean ingestIndex;

    private final Pool pool;

    EventAnchors(Pool pool) {
        this.pool = pool;
    }

    /** t_ms → frame id for each distinct t_ms; absent when the session has no frame yet. */
    public Uni<Map<Long, String>> anchors(String sessionId, List<Long> tMs) {
        if (tMs.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Uni<Boolean> withIndex = ingestIndex ? Uni.createFrom().item(true)
                : pool.query("SELECT to_regclass('ingest.frame_index') IS NOT NULL AS present").execute()
                        .map(rows -> ingestIndex = rows.iterator().next().getBoolean("present"));
        return withIndex.chain(index -> pool.preparedQuery(ANCHORS.formatted(index ? INGESTED : CATALOG))
                .execute(Tuple.of(sessionId, tMs.stream().distinct().toArray(Long[]::new))))
                .map(rows -> {
                    Map<Long, String> anchors = new HashMap<>();
                    for (Row row : rows) {
                        if (row.getString("frame_id") != null) {
                            anchors.put(row.getLong("t_ms"), row.getString("frame_id"));
                        }
                    }
                    return anchors;
                });
    }
}
