package com.nusomi.apigateway.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@code gateway.webhooks}: a workspace's endpoints. */
@ApplicationScoped
public class WebhookRepository {
    private static final String COLUMNS = "id, workspace_id, url, events, description, secret_sealed, created_at";

    private final Pool pool;

    WebhookRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(WebhookRow w) {
        return pool.preparedQuery("INSERT INTO gateway.webhooks (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.from(Arrays.asList(w.id(), w.workspaceId(), w.url(), w.events().toArray(String[]::new),
                        w.description(), w.secretSealed(), Rows.timestamp(w.createdAt()))))
                .replaceWithVoid();
    }

    public Uni<Optional<WebhookRow>> find(String workspaceId, String id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM gateway.webhooks WHERE id = $1 AND workspace_id = $2")
                .execute(Tuple.of(id, workspaceId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(of(rows.iterator().next())));
    }

    /** Newest first, strictly before {@code beforeId} when given. */
    public Uni<List<WebhookRow>> list(String workspaceId, String beforeId, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM gateway.webhooks WHERE workspace_id = $1 "
                        + "AND ($2::text IS NULL OR id < $2) ORDER BY id DESC LIMIT $3")
                .execute(Tuple.of(workspaceId, beforeId, limit))
                .map(rows -> {
                    List<WebhookRow> list = new ArrayList<>();
                    rows.forEach(r -> list.add(of(r)));
                    return list;
                });
    }

    /** Removes the endpoint; its pending deliveries are dropped by the deliverer when it finds the endpoint gone. */
    public Uni<Optional<WebhookRow>> delete(String workspaceId, String id) {
        return pool.preparedQuery("DELETE FROM gateway.webhooks WHERE id = $1 AND workspace_id = $2 RETURNING " + COLUMNS)
                .execute(Tuple.of(id, workspaceId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(of(rows.iterator().next())));
    }

    private static WebhookRow of(Row r) {
        return new WebhookRow(r.getString("id"), r.getString("workspace_id"), r.getString("url"), Rows.strings(r, "events"),
                r.getString("description"), r.getString("secret_sealed"), Rows.instant(r, "created_at"));
    }
}
