package com.nusomi.captureingest.persistence;

import com.nusomi.captureingest.service.SignalPlan;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ingest.signal_log}: every raw input signal the ingest accepted, by (session_id, seq) — ids and order only,
 * never a value. It decides whether a signal is new, a safe retry or a conflict, and keeps t_ms from going backwards.
 * Uploads to one session are serialized by a transaction-scoped advisory lock (a namespace apart from the frames').
 */
@ApplicationScoped
public class SignalLog {
    /** First key of the signal log's advisory locks (the second is the session id's hash). */
    private static final int LOCK_NAMESPACE = 0x6e_73_69_67;
    private static final String COLUMNS = "seq, signal_id, t_ms, kind, published_at IS NOT NULL AS published";

    private final Pool pool;

    SignalLog(Pool pool) {
        this.pool = pool;
    }

    /** Looks the signals up and inserts the new ones as pending, in one transaction; {@code plan} may refuse the upload. */
    public Uni<List<SignalPlan.Reserved>> reserve(String sessionId, SignalPlan plan) {
        Long[] seqs = plan.candidates().stream().map(SignalPlan.Candidate::seq).toArray(Long[]::new);
        return pool.withTransaction(conn -> lock(conn, sessionId)
                .chain(() -> stored(conn, sessionId, seqs))
                .chain(stored -> last(conn, sessionId).map(last -> plan.decide(stored, last)))
                .call(reserved -> insertFresh(conn, sessionId, reserved)));
    }

    /** Marks signals whose records Kafka acknowledged. */
    public Uni<Void> markPublished(String sessionId, List<Long> seqs) {
        return pool.preparedQuery("UPDATE ingest.signal_log SET published_at = now() "
                        + "WHERE session_id = $1 AND seq = ANY($2) AND published_at IS NULL")
                .execute(Tuple.of(sessionId, seqs.toArray(Long[]::new)))
                .replaceWithVoid();
    }

    private static Uni<Void> lock(SqlConnection conn, String sessionId) {
        return conn.preparedQuery("SELECT 1 FROM pg_advisory_xact_lock($1, hashtext($2))")
                .execute(Tuple.of(LOCK_NAMESPACE, sessionId))
                .replaceWithVoid();
    }

    private static Uni<Map<Long, SignalPlan.Entry>> stored(SqlConnection conn, String sessionId, Long[] seqs) {
        return conn.preparedQuery("SELECT " + COLUMNS + " FROM ingest.signal_log WHERE session_id = $1 AND seq = ANY($2)")
                .execute(Tuple.of(sessionId, seqs))
                .map(rows -> {
                    Map<Long, SignalPlan.Entry> bySeq = new HashMap<>();
                    rows.forEach(row -> bySeq.put(row.getLong("seq"), entry(row)));
                    return bySeq;
                });
    }

    private static Uni<Optional<SignalPlan.Entry>> last(SqlConnection conn, String sessionId) {
        return conn.preparedQuery("SELECT " + COLUMNS + " FROM ingest.signal_log WHERE session_id = $1 ORDER BY seq DESC LIMIT 1")
                .execute(Tuple.of(sessionId))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? Optional.of(entry(it.next())) : Optional.empty();
                });
    }

    private static Uni<Void> insertFresh(SqlConnection conn, String sessionId, List<SignalPlan.Reserved> reserved) {
        List<Tuple> rows = reserved.stream()
                .filter(SignalPlan.Reserved::fresh)
                .map(r -> Tuple.of(sessionId, r.entry().seq(), r.entry().signalId(), r.entry().tMs(), r.entry().kind()))
                .toList();
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("INSERT INTO ingest.signal_log (session_id, seq, signal_id, t_ms, kind) VALUES ($1, $2, $3, $4, $5)")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    private static SignalPlan.Entry entry(Row row) {
        return new SignalPlan.Entry(row.getLong("seq"), row.getString("signal_id"), row.getLong("t_ms"), row.getString("kind"),
                row.getBoolean("published"));
    }
}
