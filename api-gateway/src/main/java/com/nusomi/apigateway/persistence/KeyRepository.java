package com.nusomi.apigateway.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code gateway.api_keys}: looked up by hash on every request (no cache, so a revocation applies at once). */
@ApplicationScoped
public class KeyRepository {
    private static final String COLUMNS = "id, kind, workspace_id, name, scopes, redacted, created_at, revoked_at";

    private final Pool pool;

    KeyRepository(Pool pool) {
        this.pool = pool;
    }

    /** A live key and whether its workspace is disabled (never for the operator key). */
    public record LiveKey(KeyRow key, boolean workspaceDisabled) {}

    /** The live (unrevoked) key with this secret hash. */
    public Uni<Optional<LiveKey>> findLive(String keyHash) {
        return pool.preparedQuery("SELECT k.id, k.kind, k.workspace_id, k.name, k.scopes, k.redacted, k.created_at, "
                        + "k.revoked_at, w.disabled_at IS NOT NULL AS workspace_disabled FROM gateway.api_keys k "
                        + "LEFT JOIN gateway.workspaces w ON w.id = k.workspace_id WHERE k.key_hash = $1 AND k.revoked_at IS NULL")
                .execute(Tuple.of(keyHash))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new LiveKey(of(row), row.getBoolean("workspace_disabled")));
                });
    }

    public Uni<Void> insertWorkspaceKey(SqlClient client, KeyRow key, String keyHash) {
        return client.preparedQuery("INSERT INTO gateway.api_keys (" + COLUMNS + ", key_hash) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8)")
                .execute(Tuple.from(List.of(key.id(), KeyRow.WORKSPACE, key.workspaceId(), key.name(),
                        key.scopes().toArray(String[]::new), key.redacted(), Rows.timestamp(key.createdAt()), keyHash)))
                .replaceWithVoid();
    }

    public Uni<Void> insertWorkspaceKey(KeyRow key, String keyHash) {
        return insertWorkspaceKey(pool, key, keyHash);
    }

    /** Live keys of a workspace, newest first, after {@code afterId} (exclusive) when given. */
    public Uni<List<KeyRow>> list(String workspaceId, String afterId, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM gateway.api_keys "
                        + "WHERE workspace_id = $1 AND revoked_at IS NULL AND ($2::text IS NULL OR id < $2) "
                        + "ORDER BY id DESC LIMIT $3")
                .execute(Tuple.of(workspaceId, afterId, limit))
                .map(rows -> {
                    List<KeyRow> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(of(row)));
                    return keys;
                });
    }

    /** Revokes a live key of the workspace; empty when there is none with that id. */
    public Uni<Optional<KeyRow>> revoke(String workspaceId, String id, Instant at) {
        return pool.preparedQuery("UPDATE gateway.api_keys SET revoked_at = $3 "
                        + "WHERE id = $1 AND workspace_id = $2 AND revoked_at IS NULL RETURNING " + COLUMNS)
                .execute(Tuple.of(id, workspaceId, Rows.timestamp(at)))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(of(rows.iterator().next())));
    }

    static KeyRow of(Row row) {
        return new KeyRow(row.getString("id"), row.getString("kind"), row.getString("workspace_id"),
                row.getString("name"), Rows.strings(row, "scopes"), row.getString("redacted"),
                Rows.instant(row, "created_at"), Rows.instant(row, "revoked_at"));
    }
}
