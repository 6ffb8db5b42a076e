package com.nusomi.apigateway.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@code gateway.exports}: what was asked, and the latest status the planner and manifest-service reported. */
@ApplicationScoped
public class ExportRepository {
    private static final String COLUMNS = "id, workspace_id, workflow::text AS workflow, workflows, format, tag, "
            + "shard_size_bytes, request::text AS request, status, rows, shards, frames, actions, shards_done, manifest_url, "
            + "error_code, error_message, created_at, updated_at";

    private final Pool pool;

    ExportRepository(Pool pool) {
        this.pool = pool;
    }

    /** A status report: the plan fields may be null (not known to the reporter). */
    public record StatusUpdate(String exportId, String workspaceId, String status, Long rows, Integer shards, Long frames,
                               Long actions, int shardsDone, String manifestUrl, String errorCode, String errorMessage,
                               Instant at) {}

    public Uni<Void> insert(ExportRow e) {
        return pool.preparedQuery("INSERT INTO gateway.exports (id, workspace_id, workflow, workflows, format, tag, "
                        + "shard_size_bytes, request, status, shards_done, created_at, updated_at) "
                        + "VALUES ($1, $2, $3::text::jsonb, $4, $5, $6, $7, $8::text::jsonb, $9, 0, $10, $10)")
                .execute(Tuple.from(Arrays.asList(e.id(), e.workspaceId(), e.workflowJson(),
                        e.workflows().toArray(String[]::new), e.format(), e.tag(), e.shardSizeBytes(), e.requestJson(),
                        e.status(), Rows.timestamp(e.createdAt()))))
                .replaceWithVoid();
    }

    /** Removes an export whose request never reached Kafka (the caller got an error, so it must not linger as queued). */
    public Uni<Void> delete(String id) {
        return pool.preparedQuery("DELETE FROM gateway.exports WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    public Uni<Optional<ExportRow>> find(String workspaceId, String id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM gateway.exports WHERE id = $1 AND workspace_id = $2")
                .execute(Tuple.of(id, workspaceId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(of(rows.iterator().next())));
    }

    /** Newest first, strictly before {@code beforeId} when given; null filters mean "any". */
    public Uni<List<ExportRow>> list(String workspaceId, String workflow, String status, String tag, String beforeId, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM gateway.exports WHERE workspace_id = $1 "
                        + "AND ($2::text IS NULL OR $2 = ANY(workflows)) AND ($3::text IS NULL OR status = $3) "
                        + "AND ($4::text IS NULL OR tag = $4) AND ($5::text IS NULL OR id < $5) ORDER BY id DESC LIMIT $6")
                .execute(Tuple.from(Arrays.asList(workspaceId, workflow, status, tag, beforeId, limit)))
                .map(rows -> {
                    List<ExportRow> list = new ArrayList<>();
                    rows.forEach(r -> list.add(of(r)));
                    return list;
                });
    }

    /**
     * Applies a status unless it would move the export backwards: queued → running → completed | failed, and completed
     * or failed are final. A repeated running status (progress) may raise {@code shards_done}. Plan numbers already
     * known are kept when a later status does not carry them. Answers whether the row changed.
     */
    public Uni<Boolean> apply(StatusUpdate u) {
        return pool.preparedQuery("UPDATE gateway.exports SET status = $3::text, "
                        + "rows = COALESCE($4, rows), shards = COALESCE($5, shards), frames = COALESCE($6, frames), "
                        + "actions = COALESCE($7, actions), "
                        + "shards_done = CASE WHEN $3::text = 'completed' THEN GREATEST(shards_done, $8, COALESCE($5, shards, 0)) "
                        + "ELSE GREATEST(shards_done, $8) END, "
                        + "manifest_url = COALESCE($9, manifest_url), error_code = COALESCE($10, error_code), "
                        + "error_message = COALESCE($11, error_message), updated_at = $12 "
                        + "WHERE id = $1 AND workspace_id = $2 AND status NOT IN ('completed', 'failed') "
                        + "AND " + rank("status") + " <= " + rank("$3::text"))
                .execute(Tuple.from(Arrays.asList(u.exportId(), u.workspaceId(), u.status(), u.rows(), u.shards(),
                        u.frames(), u.actions(), u.shardsDone(), u.manifestUrl(), u.errorCode(), u.errorMessage(),
                        Rows.timestamp(u.at()))))
                .map(rows -> rows.rowCount() > 0);
    }

    private static String rank(String status) {
        return "(CASE " + status + " WHEN 'queued' THEN 0 WHEN 'running' THEN 1 ELSE 2 END)";
    }

    static ExportRow of(Row r) {
        return new ExportRow(r.getString("id"), r.getString("workspace_id"), r.getString("workflow"),
                Rows.strings(r, "workflows"), r.getString("format"), r.getString("tag"), r.getLong("shard_size_bytes"),
                r.getString("request"), r.getString("status"), r.getLong("rows"), r.getInteger("shards"),
                r.getLong("frames"), r.getLong("actions"), r.getInteger("shards_done"), r.getString("manifest_url"),
                r.getString("error_code"), r.getString("error_message"), Rows.instant(r, "created_at"),
                Rows.instant(r, "updated_at"));
    }
}
