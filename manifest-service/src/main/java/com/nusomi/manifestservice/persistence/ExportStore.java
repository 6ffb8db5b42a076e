package com.nusomi.manifestservice.persistence;

import com.nusomi.contracts.avro.ShardResult;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Schema {@code manifest} through the Vert.x reactive PostgreSQL client. Every write is idempotent: a redelivered
 * plan or shard result inserts nothing ({@code ON CONFLICT DO NOTHING}); state moves only out of {@code running}.
 */
@ApplicationScoped
public class ExportStore {
    private static final String INSERT_EXPORT = """
            INSERT INTO manifest.exports (export_id, workspace_id, workflows, format, tag, shard_size_bytes,
                destination_kind, destination_bucket, destination_prefix, destination_region, destination_endpoint,
                destination_role_arn, destination_account, filter_summary, row_count, shard_count, frame_count,
                action_count, created_at, state)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::text::jsonb, $15, $16, $17, $18, $19, 'running')
            ON CONFLICT (export_id) DO NOTHING""";
    private static final String INSERT_SHARD = """
            INSERT INTO manifest.export_shards (export_id, shard_index, workspace_id, shard_count, ok, bucket, path,
                size_bytes, row_count, frame_count, action_count, sha256, error, completed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT (export_id, shard_index) DO NOTHING""";
    private static final String LOCK_EXPORT = """
            SELECT export_id, workspace_id, workflows, format, tag, shard_size_bytes, destination_kind,
                   destination_bucket, destination_prefix, destination_region, destination_endpoint, destination_role_arn,
                   destination_account, filter_summary::text AS filter_summary, row_count, shard_count, frame_count,
                   action_count, created_at, state, shards_reported, manifest_url, error_code, error_message,
                   final_published
            FROM manifest.exports WHERE export_id = $1 FOR UPDATE""";
    private static final String SHARDS = """
            SELECT shard_index, ok, bucket, path, size_bytes, row_count, frame_count, action_count, sha256, error
            FROM manifest.export_shards WHERE export_id = $1 AND shard_index >= 0 AND shard_index < $2
            ORDER BY shard_index""";
    private static final String MARK_PROGRESS = """
            UPDATE manifest.exports SET shards_reported = $2 WHERE export_id = $1 AND state = 'running'""";
    private static final String START_FINISHING = """
            UPDATE manifest.exports SET state = 'finishing', shards_reported = shard_count
            WHERE export_id = $1 AND state = 'running'""";
    private static final String COMPLETE = """
            UPDATE manifest.exports SET state = 'completed', shards_reported = shard_count, manifest_url = $2,
                finished_at = now()
            WHERE export_id = $1 AND state = 'finishing'""";
    private static final String FAIL = """
            UPDATE manifest.exports SET state = 'failed', error_code = $2, error_message = $3, finished_at = now()
            WHERE export_id = $1 AND state IN ('running', 'finishing')""";
    private static final String MARK_PUBLISHED = """
            UPDATE manifest.exports SET final_published = true WHERE export_id = $1 AND state IN ('completed', 'failed')""";

    private final Pool pool;

    ExportStore(Pool pool) {
        this.pool = pool;
    }

    /** Records a plan once; true when it was new. */
    public Uni<Boolean> savePlan(PlannedExport plan) {
        List<Object> values = new ArrayList<>(Arrays.asList(plan.exportId(), plan.workspaceId(),
                plan.workflows().toArray(String[]::new), plan.format(), plan.tag(), plan.shardSizeBytes(),
                plan.destination().kind()));
        values.addAll(destinationColumns(plan.destination()));
        values.addAll(Arrays.asList(plan.filterSummaryJson(), plan.rows(), plan.shards(), plan.frames(), plan.actions(),
                utc(plan.createdAt())));
        return pool.preparedQuery(INSERT_EXPORT).execute(Tuple.from(values)).map(rows -> rows.rowCount() == 1);
    }

    /** Records a shard result once; true when it was new, false for a duplicate. */
    public Uni<Boolean> saveShard(ShardResult r) {
        Tuple values = Tuple.from(Arrays.asList(r.getExportId(), r.getShardIndex(), r.getWorkspaceId(), r.getShardCount(),
                r.getOk(), r.getBucket(), r.getPath(), r.getSizeBytes(), r.getRows(), r.getFrames(), r.getActions(),
                r.getSha256(), r.getError(), utc(r.getCompletedAt())));
        return pool.preparedQuery(INSERT_SHARD).execute(values).map(rows -> rows.rowCount() == 1);
    }

    /** Runs {@code work} in one transaction (committed when its Uni succeeds, rolled back when it fails). */
    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** The export, locked until the transaction ends: one decision at a time, whichever consumer gets there. */
    public Uni<Optional<TrackedExport>> lock(SqlConnection tx, String exportId) {
        return tx.preparedQuery(LOCK_EXPORT).execute(Tuple.of(exportId)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new TrackedExport(toExport(row), row.getString("manifest_url"), row.getString("error_code"),
                    row.getString("error_message"), row.getBoolean("final_published")));
        });
    }

    /** The results of the plan's shards (indexes 0..shards-1), in shard order. */
    public Uni<List<ShardRecord>> shards(SqlConnection tx, String exportId, int shards) {
        return tx.preparedQuery(SHARDS).execute(Tuple.of(exportId, shards)).map(ExportStore::toShards);
    }

    public Uni<Boolean> markProgress(SqlConnection tx, String exportId, int shardsDone) {
        return tx.preparedQuery(MARK_PROGRESS).execute(Tuple.of(exportId, shardsDone)).map(ExportStore::changedOne);
    }

    /** running → finishing (every shard is in); false if the export was not running any more. */
    public Uni<Boolean> startFinishing(SqlConnection tx, String exportId) {
        return tx.preparedQuery(START_FINISHING).execute(Tuple.of(exportId)).map(ExportStore::changedOne);
    }

    /** finishing → completed, in a statement of its own; false if someone else finished it first. */
    public Uni<Boolean> complete(String exportId, String manifestUrl) {
        return pool.preparedQuery(COMPLETE).execute(Tuple.of(exportId, manifestUrl)).map(ExportStore::changedOne);
    }

    /** running or finishing → failed, inside {@code tx}; false if the export was already final. */
    public Uni<Boolean> fail(SqlConnection tx, String exportId, String code, String message) {
        return tx.preparedQuery(FAIL).execute(Tuple.of(exportId, code, message)).map(ExportStore::changedOne);
    }

    /** running or finishing → failed, in a statement of its own; false if the export was already final. */
    public Uni<Boolean> fail(String exportId, String code, String message) {
        return pool.preparedQuery(FAIL).execute(Tuple.of(exportId, code, message)).map(ExportStore::changedOne);
    }

    /** Records that the final status is on the broker, so a redelivery does not publish it again. */
    public Uni<Void> markPublished(String exportId) {
        return pool.preparedQuery(MARK_PUBLISHED).execute(Tuple.of(exportId)).replaceWithVoid();
    }

    private static boolean changedOne(RowSet<Row> rows) {
        return rows.rowCount() == 1;
    }

    private static List<Object> destinationColumns(PlannedDestination destination) {
        // bucket, prefix, region, endpoint, role_arn, account
        return switch (destination) {
            case PlannedDestination.S3 s3 -> Arrays.asList(s3.bucket(), s3.prefix(), s3.region(), s3.endpoint(), s3.roleArn(), null);
            case PlannedDestination.Gcs gcs -> Arrays.asList(gcs.bucket(), gcs.prefix(), null, null, null, null);
            case PlannedDestination.AzureBlob az -> Arrays.asList(az.container(), az.prefix(), null, null, null, az.account());
            case PlannedDestination.SignedUrl ignored -> Arrays.asList(null, null, null, null, null, null);
        };
    }

    private static PlannedDestination toDestination(Row row) {
        String bucket = row.getString("destination_bucket");
        String prefix = row.getString("destination_prefix");
        return switch (row.getString("destination_kind")) {
            case "s3" -> new PlannedDestination.S3(bucket, prefix, row.getString("destination_region"),
                    row.getString("destination_endpoint"), row.getString("destination_role_arn"));
            case "gcs" -> new PlannedDestination.Gcs(bucket, prefix);
            case "azure_blob" -> new PlannedDestination.AzureBlob(row.getString("destination_account"), bucket, prefix);
            default -> new PlannedDestination.SignedUrl();
        };
    }

    private static PlannedExport toExport(Row row) {
        return new PlannedExport(row.getString("export_id"), row.getString("workspace_id"),
                List.of(row.getArrayOfStrings("workflows")), row.getString("format"), row.getString("tag"),
                row.getLong("shard_size_bytes"), toDestination(row), row.getString("filter_summary"),
                row.getLong("row_count"), row.getInteger("shard_count"), row.getLong("frame_count"),
                row.getLong("action_count"), row.getOffsetDateTime("created_at").toInstant(),
                PlannedExport.ExportState.valueOf(row.getString("state")), row.getInteger("shards_reported"));
    }

    private static List<ShardRecord> toShards(RowSet<Row> rows) {
        List<ShardRecord> shards = new ArrayList<>();
        for (Row row : rows) {
            shards.add(new ShardRecord(row.getInteger("shard_index"), row.getBoolean("ok"), row.getString("bucket"),
                    row.getString("path"), row.getLong("size_bytes"), row.getLong("row_count"), row.getLong("frame_count"),
                    row.getLong("action_count"), row.getString("sha256"), row.getString("error")));
        }
        return shards;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
