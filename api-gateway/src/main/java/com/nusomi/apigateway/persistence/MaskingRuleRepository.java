package com.nusomi.apigateway.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code gateway.masking_rules}: one rule set per workspace, as JSON. */
@ApplicationScoped
public class MaskingRuleRepository {
    private final Pool pool;

    MaskingRuleRepository(Pool pool) {
        this.pool = pool;
    }

    /** The stored rule set: its JSON text and when it was set. */
    public record Stored(String rulesJson, Instant updatedAt) {}

    /** A workspace's stored rule set. */
    public record WorkspaceRules(String workspaceId, Stored stored) {}

    /** Every stored rule set (one row per workspace that ever set its rules). */
    public Uni<List<WorkspaceRules>> all() {
        return pool.query("SELECT workspace_id, rules::text AS rules, updated_at FROM gateway.masking_rules ORDER BY workspace_id")
                .execute()
                .map(rows -> {
                    List<WorkspaceRules> all = new ArrayList<>();
                    rows.forEach(row -> all.add(new WorkspaceRules(row.getString("workspace_id"),
                            new Stored(row.getString("rules"), Rows.instant(row, "updated_at")))));
                    return all;
                });
    }

    public Uni<Optional<Stored>> find(String workspaceId) {
        return pool.preparedQuery("SELECT rules::text AS rules, updated_at FROM gateway.masking_rules WHERE workspace_id = $1")
                .execute(Tuple.of(workspaceId))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.empty();
                    }
                    var row = it.next();
                    return Optional.of(new Stored(row.getString("rules"), Rows.instant(row, "updated_at")));
                });
    }

    public Uni<Void> replace(String workspaceId, String rulesJson, Instant at) {
        return pool.preparedQuery("INSERT INTO gateway.masking_rules (workspace_id, rules, updated_at) "
                        + "VALUES ($1, $2::text::jsonb, $3) "
                        + "ON CONFLICT (workspace_id) DO UPDATE SET rules = EXCLUDED.rules, updated_at = EXCLUDED.updated_at")
                .execute(Tuple.of(workspaceId, rulesJson, Rows.timestamp(at)))
                .replaceWithVoid();
    }
}
