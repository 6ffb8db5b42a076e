package com.nusomi.sessionsealer.persistence;

import static com.nusomi.sessionsealer.persistence.Sql.params;
import static com.nusomi.sessionsealer.persistence.Sql.ts;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** What must reach Kafka after a commit: the lifecycle outbox and the stored command replies. */
@ApplicationScoped
public class DeliveryRepository {

    public Uni<Void> enqueueLifecycle(SqlClient tx, String transitionId, String sessionId, byte[] record) {
        return tx.preparedQuery("""
                INSERT INTO catalog.lifecycle_outbox (transition_id, session_id, record) VALUES ($1, $2, $3)
                ON CONFLICT (transition_id) DO NOTHING""")
                .execute(params(transitionId, sessionId, io.vertx.core.buffer.Buffer.buffer(record))).replaceWithVoid();
    }

    /** The session's undelivered transitions, oldest first. */
    public Uni<List<Pending>> pendingLifecycle(SqlClient client, String sessionId) {
        return pending(client, """
                SELECT transition_id, session_id, record FROM catalog.lifecycle_outbox WHERE session_id = $1 ORDER BY seq""",
                sessionId);
    }

    /** Transitions whose inline delivery failed (or whose process died) before {@code before}. */
    public Uni<List<Pending>> staleLifecycle(SqlClient client, Instant before) {
        return pending(client, """
                SELECT transition_id, session_id, record FROM catalog.lifecycle_outbox WHERE created_at < $1
                ORDER BY seq LIMIT 100""", ts(before));
    }

    public Uni<Void> delivered(SqlClient client, String transitionId) {
        return client.preparedQuery("DELETE FROM catalog.lifecycle_outbox WHERE transition_id = $1")
                .execute(params(transitionId)).replaceWithVoid();
    }

    public Uni<Void> storeReply(SqlClient tx, String commandId, String sessionId, byte[] reply) {
        return tx.preparedQuery("""
                INSERT INTO catalog.session_commands (command_id, session_id, reply) VALUES ($1, $2, $3)
                ON CONFLICT (command_id) DO NOTHING""")
                .execute(params(commandId, sessionId, io.vertx.core.buffer.Buffer.buffer(reply))).replaceWithVoid();
    }

    public Uni<Optional<byte[]>> storedReply(SqlClient client, String commandId) {
        return client.preparedQuery("SELECT reply FROM catalog.session_commands WHERE command_id = $1")
                .execute(params(commandId))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? Optional.of(it.next().getBuffer("reply").getBytes()) : Optional.<byte[]>empty();
                });
    }

    /** Replies older than the commands topic's retention can no longer be asked for again. */
    public Uni<Integer> pruneReplies(SqlClient client, Instant before) {
        return client.preparedQuery("DELETE FROM catalog.session_commands WHERE applied_at < $1")
                .execute(params(ts(before))).map(rows -> rows.rowCount());
    }

    private static Uni<List<Pending>> pending(SqlClient client, String sql, Object param) {
        return client.preparedQuery(sql).execute(params(param))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(DeliveryRepository::pending).toList());
    }

    private static Pending pending(Row r) {
        return new Pending(r.getString("transition_id"), r.getString("session_id"), r.getBuffer("record").getBytes());
    }

    /** A lifecycle record still to be published. */
    public record Pending(String transitionId, String sessionId, byte[] record) {}
}
