package com.nusomi.captureingest.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Reads a session's workspace and status from the catalog (written only by session-sealer; read here as the gateway
 * reads it): capture agents send signals to capture-ingest directly, so the ingest checks the session itself.
 */
@ApplicationScoped
public class SessionStates {
    private final Pool pool;

    SessionStates(Pool pool) {
        this.pool = pool;
    }

    /** A session's owner and lifecycle status. */
    public record SessionState(String workspaceId, String status) {}

    public Uni<Optional<SessionState>> find(String sessionId) {
        return pool.preparedQuery("SELECT workspace_id, status FROM catalog.sessions WHERE id = $1")
                .execute(Tuple.of(sessionId))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.empty();
                    }
                    var row = it.next();
                    return Optional.of(new SessionState(row.getString("workspace_id"), row.getString("status")));
                });
    }
}
