package com.nusomi.exportplanner.persistence;

import com.nusomi.exportplanner.service.PlannedRow;
import com.nusomi.exportplanner.service.ShardCutter.ShardSpan;
import com.nusomi.exportplanner.service.StoredPlan;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Schema {@code planner} (migrated here by Flyway; DDL in service-kit {@code db/planner}): each export's plan, its
 * shard boundaries and its rows in export order. A plan is written in one transaction, so it is whole or absent;
 * shard writers read the rows of their task's range. Rows are inserted a page at a time, as one {@code unnest}
 * statement per page.
 */
@ApplicationScoped
public class PlanStore {
    private static final String CLAIM = """
            INSERT INTO planner.plans (export_id, workspace_id, row_count, frame_count, action_count, shard_count)
            VALUES ($1, $2, 0, 0, 0, 0)
            ON CONFLICT (export_id) DO NOTHING""";
    private static final String INSERT_ROWS = """
            INSERT INTO planner.plan_rows (export_id, seq, session_id, t_ms, frame_id, event_id, prior_event_id,
                workflow, outcome)
            SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[],
                $8::text[], $9::text[])""";
    private static final String INSERT_SHARDS = """
            INSERT INTO planner.plan_shards (export_id, shard_index, first_row, row_count, estimated_bytes)
            SELECT $1, * FROM unnest($2::int[], $3::bigint[], $4::bigint[], $5::bigint[])""";
    private static final String FINISH = """
            UPDATE planner.plans SET row_count = $2, frame_count = $3, action_count = $4, shard_count = $5
            WHERE export_id = $1""";
    private static final String FIND = """
            SELECT row_count, frame_count, action_count FROM planner.plans WHERE export_id = $1 AND workspace_id = $2""";
    private static final String SHARDS = """
            SELECT shard_index, first_row, row_count, estimated_bytes FROM planner.plan_shards
            WHERE export_id = $1 ORDER BY shard_index""";
    private static final String PURGE = "DELETE FROM planner.plans WHERE created_at < $1";

    private final Pool pool;

    PlanStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Starts the plan of {@code exportId} in {@code tx}; false when a plan of it exists already (a redelivered
     * request). A concurrent planner of the same export waits here until the first commits or rolls back.
     */
    public Uni<Boolean> claim(SqlConnection tx, String exportId, String workspaceId) {
        return tx.preparedQuery(CLAIM).execute(Tuple.of(exportId, workspaceId)).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> insertRows(SqlConnection tx, String exportId, List<PlannedRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = rows.size();
        var seq = new Long[n];
        var session = new String[n];
        var tMs = new Long[n];
        var frame = new String[n];
        var event = new String[n];
        var prior = new String[n];
        var workflow = new String[n];
        var outcome = new String[n];
        for (int i = 0; i < n; i++) {
            PlannedRow r = rows.get(i);
            seq[i] = r.seq();
            session[i] = r.sessionId();
            tMs[i] = r.tMs();
            frame[i] = r.frameId();
            event[i] = r.eventId();
            prior[i] = r.priorEventId();
            workflow[i] = r.workflow();
            outcome[i] = r.outcome() == null ? null : r.outcome().name();
        }
        return tx.preparedQuery(INSERT_ROWS)
                .execute(Tuple.from(Arrays.asList(exportId, seq, session, tMs, frame, event, prior, workflow, outcome)))
                .replaceWithVoid();
    }

    /** Completes the plan started by {@link #claim} with its counts and shard boundaries. */
    public Uni<Void> finish(SqlConnection tx, String exportId, StoredPlan plan) {
        int n = plan.shards().size();
        var index = new Integer[n];
        var first = new Long[n];
        var count = new Long[n];
        var bytes = new Long[n];
        for (int i = 0; i < n; i++) {
            ShardSpan s = plan.shards().get(i);
            index[i] = s.index();
            first[i] = s.firstRow();
            count[i] = s.rows();
            bytes[i] = s.estimatedBytes();
        }
        Uni<Void> shards = n == 0 ? Uni.createFrom().voidItem()
                : tx.preparedQuery(INSERT_SHARDS).execute(Tuple.of(exportId, index, first, count, bytes)).replaceWithVoid();
        return shards.chain(() -> tx.preparedQuery(FINISH)
                .execute(Tuple.of(exportId, plan.rows(), plan.frames(), plan.actions(), n))).replaceWithVoid();
    }

    /** The stored plan of {@code exportId}, if one was committed. */
    public Uni<Optional<StoredPlan>> find(SqlConnection conn, String exportId, String workspaceId) {
        return conn.preparedQuery(FIND).execute(Tuple.of(exportId, workspaceId)).chain(found -> {
            if (found.size() == 0) {
                return Uni.createFrom().item(Optional.<StoredPlan>empty());
            }
            Row plan = found.iterator().next();
            return conn.preparedQuery(SHARDS).execute(Tuple.of(exportId)).map(rows -> {
                List<ShardSpan> shards = new ArrayList<>();
                rows.forEach(r -> shards.add(new ShardSpan(r.getInteger("shard_index"), r.getLong("first_row"),
                        r.getLong("row_count"), r.getLong("estimated_bytes"))));
                return Optional.of(new StoredPlan(plan.getLong("row_count"), plan.getLong("frame_count"),
                        plan.getLong("action_count"), List.copyOf(shards)));
            });
        });
    }

    /** Deletes plans older than {@code retention}, with their rows; returns how many. */
    public Uni<Integer> purgeOlderThan(Duration retention) {
        var cutoff = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minus(retention);
        return pool.preparedQuery(PURGE).execute(Tuple.of(cutoff)).map(rows -> rows.rowCount());
    }

    /** Whether the planner's schema can be read. */
    public Uni<Boolean> readable() {
        return pool.query("SELECT 1 FROM planner.plans LIMIT 0").execute().replaceWith(true)
                .onFailure().recoverWithItem(false);
    }
}
