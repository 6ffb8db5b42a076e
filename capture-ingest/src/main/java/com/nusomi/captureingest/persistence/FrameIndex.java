package com.nusomi.captureingest.persistence;

import com.nusomi.captureingest.config.CaptureIngestConfig;
import com.nusomi.captureingest.service.IndexPlan;
import io.vertx.core.buffer.Buffer;
import com.nusomi.captureingest.service.IndexSnapshot;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ingest.frame_index}: every frame the ingest accepted, by (session_id, t_ms). It decides whether a frame is
 * new, a safe retry or a conflict, and keeps t_ms rising within a session. Uploads to one session are serialized by a
 * transaction-scoped advisory lock, so two concurrent uploads cannot both pass the t_ms check.
 */
@ApplicationScoped
public class FrameIndex {
    /** First key of capture-ingest's advisory locks (the second is the session id's hash): its own lock namespace. */
    private static final int LOCK_NAMESPACE = 0x6e_69_6e_67;
    private static final String COLUMNS = "t_ms, frame_id, sha256, received_sha256, keyframe, published_at IS NOT NULL AS published";

    private final Pool pool;
    private final IndexPlan.KeyframeRule keyframeRule;

    FrameIndex(Pool pool, CaptureIngestConfig config) {
        this.pool = pool;
        this.keyframeRule = new IndexPlan.KeyframeRule(config.keyframe().cellDelta(), config.keyframe().minChangedFraction());
    }

    /**
     * Looks the frames up and inserts the new ones as pending, in one transaction; {@code plan} decides from what is
     * stored and may refuse the upload (nothing is then written).
     */
    public Uni<List<IndexPlan.Reserved>> reserve(String sessionId, IndexPlan plan) {
        Long[] tMs = plan.candidates().stream().map(IndexPlan.Candidate::tMs).toArray(Long[]::new);
        return pool.withTransaction(conn -> lock(conn, sessionId)
                .chain(() -> stored(conn, sessionId, tMs))
                .chain(stored -> last(conn, sessionId).chain(last -> lastKeyframe(conn, sessionId)
                        .map(print -> plan.decide(stored, last, print, keyframeRule))))
                .call(reserved -> insertFresh(conn, sessionId, reserved)));
    }

    /** What the index holds at these t_ms values and the session's last frame, read without the lock (a pre-check). */
    public Uni<IndexSnapshot> snapshot(String sessionId, List<Long> tMs) {
        Long[] values = tMs.toArray(Long[]::new);
        return pool.withConnection(conn -> stored(conn, sessionId, values)
                .chain(stored -> last(conn, sessionId).map(last -> new IndexSnapshot(stored, last))));
    }

    /** Marks frames whose records Kafka acknowledged. */
    public Uni<Void> markPublished(String sessionId, List<Long> tMs) {
        return pool.preparedQuery("UPDATE ingest.frame_index SET published_at = now() "
                        + "WHERE session_id = $1 AND t_ms = ANY($2) AND published_at IS NULL")
                .execute(Tuple.of(sessionId, tMs.toArray(Long[]::new)))
                .replaceWithVoid();
    }

    private static Uni<Void> lock(SqlConnection conn, String sessionId) {
        return conn.preparedQuery("SELECT 1 FROM pg_advisory_xact_lock($1, hashtext($2))")
                .execute(Tuple.of(LOCK_NAMESPACE, sessionId))
                .replaceWithVoid();
    }

    private static Uni<Map<Long, IndexPlan.Entry>> stored(SqlConnection conn, String sessionId, Long[] tMs) {
        return conn.preparedQuery("SELECT " + COLUMNS + " FROM ingest.frame_index WHERE session_id = $1 AND t_ms = ANY($2)")
                .execute(Tuple.of(sessionId, tMs))
                .map(rows -> {
                    Map<Long, IndexPlan.Entry> byTMs = new HashMap<>();
                    rows.forEach(row -> byTMs.put(row.getLong("t_ms"), entry(row)));
                    return byTMs;
                });
    }

    private static Uni<Optional<IndexPlan.Entry>> last(SqlConnection conn, String sessionId) {
        return conn.preparedQuery("SELECT " + COLUMNS + " FROM ingest.frame_index WHERE session_id = $1 ORDER BY t_ms DESC LIMIT 1")
                .execute(Tuple.of(sessionId))
                .map(rows -> firstEntry(rows));
    }

    /** The fingerprint of the session's last keyframe (the keyframe measure compares with it), null when none is known. */
    private static Uni<byte[]> lastKeyframe(SqlConnection conn, String sessionId) {
        return conn.preparedQuery("SELECT fingerprint FROM ingest.frame_index WHERE session_id = $1 AND keyframe "
                        + "ORDER BY t_ms DESC LIMIT 1")
                .execute(Tuple.of(sessionId))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    return it.next().getValue("fingerprint") instanceof Buffer print ? print.getBytes() : null;
                });
    }

    private static Uni<Void> insertFresh(SqlConnection conn, String sessionId, List<IndexPlan.Reserved> reserved) {
        List<Tuple> rows = reserved.stream()
                .filter(IndexPlan.Reserved::fresh)
                .map(r -> Tuple.from(Arrays.asList(sessionId, r.entry().tMs(), r.entry().frameId(), r.entry().sha256(),
                        r.entry().receivedSha256(), r.entry().keyframe(),
                        r.entry().fingerprint() == null ? null : Buffer.buffer(r.entry().fingerprint()))))
                .toList();
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("INSERT INTO ingest.frame_index (session_id, t_ms, frame_id, sha256, received_sha256, keyframe, fingerprint) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    private static Optional<IndexPlan.Entry> firstEntry(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(entry(it.next())) : Optional.empty();
    }

    private static IndexPlan.Entry entry(Row row) {
        return new IndexPlan.Entry(row.getLong("t_ms"), row.getString("frame_id"), row.getString("sha256"),
                row.getString("received_sha256"), row.getBoolean("keyframe"), row.getBoolean("published"), null);
    }
}
