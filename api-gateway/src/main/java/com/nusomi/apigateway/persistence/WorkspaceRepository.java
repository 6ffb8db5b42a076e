package com.nusomi.apigateway.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code gateway.workspaces}. */
@ApplicationScoped
public class WorkspaceRepository {
    private final Pool pool;
    private final KeyRepository keys;

    WorkspaceRepository(Pool pool, KeyRepository keys) {
        this.pool = pool;
        this.keys = keys;
    }

    /** The workspace and its first admin key, in one transaction: a workspace never exists without a key. */
    public Uni<Void> create(WorkspaceRow workspace, KeyRow adminKey, String adminKeyHash) {
        return pool.withTransaction(tx -> tx.preparedQuery(
                        "INSERT INTO gateway.workspaces (id, name, created_at) VALUES ($1, $2, $3)")
                .execute(Tuple.of(workspace.id(), workspace.name(), Rows.timestamp(workspace.createdAt())))
                .chain(() -> keys.insertWorkspaceKey(tx, adminKey, adminKeyHash)));
    }

    /** Workspaces, newest first, after {@code afterId} (exclusive) when given. */
    public Uni<List<WorkspaceRow>> list(String afterId, int limit) {
        return pool.preparedQuery("SELECT id, name, created_at, disabled_at FROM gateway.workspaces "
                        + "WHERE ($1::text IS NULL OR id < $1) ORDER BY id DESC LIMIT $2")
                .execute(Tuple.of(afterId, limit))
                .map(rows -> {
                    List<WorkspaceRow> list = new ArrayList<>();
                    rows.forEach(r -> list.add(of(r)));
                    return list;
                });
    }

    /** Disables ({@code at} given) or enables (null) a workspace; empty when there is no such workspace. */
    public Uni<Optional<WorkspaceRow>> setDisabled(String id, Instant at) {
        return pool.preparedQuery("UPDATE gateway.workspaces SET disabled_at = CASE WHEN $2::timestamptz IS NULL THEN NULL "
                        + "ELSE COALESCE(disabled_at, $2) END WHERE id = $1 RETURNING id, name, created_at, disabled_at")
                .execute(Tuple.of(id, Rows.timestamp(at)))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(of(rows.iterator().next())));
    }

    private static WorkspaceRow of(Row r) {
        return new WorkspaceRow(r.getString("id"), r.getString("name"), Rows.instant(r, "created_at"),
                Rows.instant(r, "disabled_at"));
    }
}
