package com.nusomi.shardwriter.support;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.Outcome;
import com.nusomi.contracts.avro.ShardResult;
import com.nusomi.contracts.avro.ShardTask;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import io.vertx.mutiny.sqlclient.Pool;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/** Shard tasks, results and objects for tests. */
public final class Shards {
    private Shards() {}

    /** A one-shard task naming all of {@code rows}, stored first as the planner stores an export's plan. */
    public static ShardTask task(Pool pool, String exportId, String workspace, ExportFormat format, Object destination,
                                 List<Catalog.PlanRef> rows) {
        Catalog.plan(pool, exportId, workspace, rows);
        return ShardTask.newBuilder().setExportId(exportId).setWorkspaceId(workspace).setShardIndex(0)
                .setShardCount(1).setFormat(format).setDestination(destination)
                .setObjectName("shard-000000." + extension(format)).setFirstRow(0).setRowCount(rows.size()).build();
    }

    public static String extension(ExportFormat format) {
        return switch (format) {
            case jsonl -> "jsonl";
            case parquet -> "parquet";
            case webdataset -> "tar";
            case arrow -> "arrow";
        };
    }

    public static Catalog.PlanRef row(String session, String workflow, String frameId, long tMs, String eventId,
                                      String priorEventId) {
        return new Catalog.PlanRef(session, tMs, frameId, eventId, priorEventId, workflow, Outcome.success.name());
    }

    /** Sends the task and waits for the {@code n}th result of its export. */
    public static ShardResult run(ShardTask task, int n) {
        TestKafka.send(Topic.EXPORT_SHARD_TASKS, task.getExportId() + "/" + task.getShardIndex(), task);
        return results(task.getExportId(), n).get(n - 1);
    }

    public static List<ShardResult> results(String exportId, int count) {
        return TestKafka.awaitCount(Topic.EXPORT_SHARD_RESULTS, ShardResult.class,
                r -> r.value().getExportId().equals(exportId) && exportId.equals(r.key()), count)
                .stream().map(ConsumerRecord::value).toList();
    }

    public static String newExportId() {
        return IdPrefix.EXPORT.newId();
    }

    /** Puts an image in the installation store, content-addressed as capture-ingest does; returns its sha256. */
    public static String putImage(S3Client s3, String bucket, byte[] image) {
        String sha = sha256(image);
        s3.putObject(b -> b.bucket(bucket).key("frames/" + sha + ".webp").contentType("image/webp"),
                RequestBody.fromBytes(image));
        return sha;
    }

    public static byte[] object(S3Client s3, String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    public static void ensureBucket(S3Client s3, String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            try {
                s3.createBucket(b -> b.bucket(bucket));
            } catch (BucketAlreadyOwnedByYouException raced) {
                // created meanwhile
            }
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
