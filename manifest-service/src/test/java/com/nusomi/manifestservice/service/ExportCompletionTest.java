package com.nusomi.manifestservice.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.ExportPlan;
import com.nusomi.contracts.avro.ExportState;
import com.nusomi.contracts.avro.ExportStatus;
import com.nusomi.contracts.avro.S3Destination;
import com.nusomi.contracts.avro.ShardResult;
import com.nusomi.contracts.avro.SignedUrlDestination;
import com.nusomi.kit.objectstore.ObjectStoreConfig;
import com.nusomi.manifestservice.support.DevStackWithGatewayTables;
import com.nusomi.manifestservice.support.ManifestServiceTestProfile;
import com.nusomi.manifestservice.support.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The manifest service end to end on the devstack: plans and shard results produced with the real serializer (shard
 * objects put into the bucket by the test), manifest.json and statuses read back from the bucket and the topic.
 */
@QuarkusTest
@TestProfile(ManifestServiceTestProfile.class)
@QuarkusTestResource(DevStackWithGatewayTables.class)
class ExportCompletionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "customer-training";
    private static final Instant PLANNED_AT = Instant.parse("2026-05-07T14:08:11Z");
    /** When the export was requested: the manifest's created_at, not the time it was planned. */
    private static final Instant REQUESTED_AT = Instant.parse("2026-05-07T14:07:59.250Z");

    @Inject
    S3Client s3;
    @Inject
    ObjectStoreConfig store;
    @Inject
    Pool pool;

    String workspace;
    String exportId;

    @BeforeEach
    void newExport() {
        ensureBucket(BUCKET);
        workspace = IdPrefix.WORKSPACE.newId();
        exportId = IdPrefix.EXPORT.newId();
    }

    @Test
    void writesTheManifestLastAndCompletesOnceAllShardsAreIn() throws Exception {
        String prefix = "nusomi/" + exportId + "/v1/";
        byte[] shard0 = putShard(BUCKET, prefix + "shard-000000.jsonl", "{\"row\":0}\n{\"row\":1}\n");
        byte[] shard1 = putShard(BUCKET, prefix + "shard-000001.jsonl", "{\"row\":2}\n");

        sendPlan(plan(s3(prefix), 2, List.of("process_invoice")));
        sendResult(ok(0, 2, BUCKET, prefix + "shard-000000.jsonl", shard0, 2));
        assertEquals(1, awaitStatus(ExportState.running, s -> s.getShardsDone() == 1).getShardsDone());
        assertFalse(exists(BUCKET, prefix + "manifest.json"), "no manifest before every shard is in");
        sendResult(ok(1, 2, BUCKET, prefix + "shard-000001.jsonl", shard1, 1));
        ExportStatus completed = awaitStatus(ExportState.completed, s -> true);

        assertEquals("s3://" + BUCKET + "/" + prefix + "manifest.json", completed.getManifestUrl());
        assertEquals(2, completed.getShardsDone());
        assertEquals(workspace, completed.getWorkspaceId());
        JsonNode manifest = JSON.readTree(object(BUCKET, prefix + "manifest.json"));
        assertEquals(List.of("export_id", "workflow", "format", "tag", "rows", "shards", "shard_size_bytes", "frames",
                "actions", "filter_summary", "destination", "created_at", "files"), fieldNames(manifest));
        assertEquals(exportId, manifest.get("export_id").asText());
        assertEquals("process_invoice", manifest.get("workflow").asText());
        assertEquals("jsonl", manifest.get("format").asText());
        assertEquals("process_invoice@v1", manifest.get("tag").asText());
        assertEquals(3, manifest.get("rows").asLong());
        assertEquals(2, manifest.get("shards").asInt());
        assertEquals(1024, manifest.get("shard_size_bytes").asLong());
        assertEquals(2, manifest.get("frames").asLong());
        assertEquals(3, manifest.get("actions").asLong());
        assertEquals("success", manifest.at("/filter_summary/outcome").asText());
        assertEquals("s3://" + BUCKET + "/" + prefix, manifest.get("destination").asText());
        assertEquals("2026-05-07T14:07:59.250Z", manifest.get("created_at").asText(), "created_at is when it was requested");
        JsonNode files = manifest.get("files");
        assertEquals(2, files.size());
        assertEquals("shard-000000.jsonl", files.get(0).get("path").asText());
        assertEquals(sha256(shard0), files.get(0).get("sha256").asText());
        assertEquals(shard0.length, files.get(0).get("size_bytes").asLong());
        assertEquals(2, files.get(0).get("rows").asLong());
        assertEquals("shard-000001.jsonl", files.get(1).get("path").asText());
        assertEquals(sha256(shard1), files.get(1).get("sha256").asText());
        assertFalse(files.get(0).has("url"), "s3 exports list paths only");
        // each file's sha256 is that of the bytes in the bucket
        for (JsonNode file : files) {
            assertEquals(file.get("sha256").asText(), sha256(object(BUCKET, prefix + file.get("path").asText())));
        }
    }

    @Test
    void shardResultsArrivingBeforeThePlanAreCounted() throws Exception {
        String prefix = "early/" + exportId + "/";
        byte[] shard0 = putShard(BUCKET, prefix + "shard-000000.jsonl", "{\"row\":0}\n");
        byte[] shard1 = putShard(BUCKET, prefix + "shard-000001.jsonl", "{\"row\":1}\n");

        sendResult(ok(1, 2, BUCKET, prefix + "shard-000001.jsonl", shard1, 1));
        sendResult(ok(0, 2, BUCKET, prefix + "shard-000000.jsonl", shard0, 1));
        awaitShardRows(2);
        sendPlan(plan(s3(prefix), 2, List.of("process_invoice", "approve_invoice")));
        ExportStatus completed = awaitStatus(ExportState.completed, s -> true);

        JsonNode manifest = JSON.readTree(object(BUCKET, prefix + "manifest.json"));
        assertEquals(completed.getManifestUrl(), "s3://" + BUCKET + "/" + prefix + "manifest.json");
        assertTrue(manifest.get("workflow").isArray(), "several workflows are listed");
        assertEquals("approve_invoice", manifest.get("workflow").get(1).asText());
        assertEquals("shard-000000.jsonl", manifest.at("/files/0/path").asText());
        assertEquals("shard-000001.jsonl", manifest.at("/files/1/path").asText());
    }

    @Test
    void aDuplicatedShardResultIsCountedOnce() throws Exception {
        String prefix = "dup/" + exportId + "/";
        byte[] shard0 = putShard(BUCKET, prefix + "shard-000000.jsonl", "{\"row\":0}\n");
        byte[] shard1 = putShard(BUCKET, prefix + "shard-000001.jsonl", "{\"row\":1}\n");

        sendPlan(plan(s3(prefix), 2, List.of("process_invoice")));
        ShardResult first = ok(0, 2, BUCKET, prefix + "shard-000000.jsonl", shard0, 1);
        sendResult(first);
        sendResult(first);
        sendResult(ShardResult.newBuilder(first).setOk(false).setError("late failure of a redelivery").build());
        awaitStatus(ExportState.running, s -> s.getShardsDone() == 1);
        Thread.sleep(1500);

        assertEquals(0, statuses(ExportState.completed).size() + statuses(ExportState.failed).size(),
                "one shard of two, however often it is reported, does not finish the export");
        assertEquals(1, statuses(ExportState.running).stream().filter(s -> s.getShardsDone() == 1).count(),
                "progress is published once per new shard");
        sendResult(ok(1, 2, BUCKET, prefix + "shard-000001.jsonl", shard1, 1));
        awaitStatus(ExportState.completed, s -> true);
        JsonNode manifest = JSON.readTree(object(BUCKET, prefix + "manifest.json"));
        assertEquals(2, manifest.get("rows").asLong());
        assertEquals(2, manifest.get("files").size());
        Thread.sleep(1000);
        assertEquals(1, statuses(ExportState.completed).size(), "completed exactly once");
    }

    @Test
    void anExportLeftFinishingByACrashedFinisherIsCompletedOnceByTheNextRecord() throws Exception {
        String prefix = "crash/" + exportId + "/";
        byte[] shard0 = putShard(BUCKET, prefix + "shard-000000.jsonl", "{\"row\":0}\n");
        sendPlan(plan(s3(prefix), 1, List.of("process_invoice")));
        org.awaitility.Awaitility.await().atMost(TestKafka.WAIT).until(() -> pool
                .preparedQuery("SELECT count(*) AS n FROM manifest.exports WHERE export_id = $1")
                .execute(Tuple.of(exportId)).await().indefinitely().iterator().next().getLong("n") == 1);
        // a finisher claimed the export, then died before writing the manifest (its record is redelivered)
        pool.preparedQuery("UPDATE manifest.exports SET state = 'finishing' WHERE export_id = $1")
                .execute(Tuple.of(exportId)).await().indefinitely();

        sendResult(ok(0, 1, BUCKET, prefix + "shard-000000.jsonl", shard0, 1));
        ExportStatus completed = awaitStatus(ExportState.completed, s -> true);

        assertEquals("s3://" + BUCKET + "/" + prefix + "manifest.json", completed.getManifestUrl());
        assertEquals(1, JSON.readTree(object(BUCKET, prefix + "manifest.json")).get("files").size());
        var row = pool.preparedQuery("SELECT state, final_published FROM manifest.exports WHERE export_id = $1")
                .execute(Tuple.of(exportId)).await().indefinitely().iterator().next();
        assertEquals("completed", row.getString("state"));
        assertTrue(row.getBoolean("final_published"), "the final status is marked once the broker has it");
        sendResult(ok(0, 1, BUCKET, prefix + "shard-000000.jsonl", shard0, 1));
        Thread.sleep(1000);
        assertEquals(1, statuses(ExportState.completed).size(), "completed exactly once");
    }

    @Test
    void aFailedShardFailsTheExportWithoutAManifest() throws Exception {
        String prefix = "failed/" + exportId + "/";
        byte[] shard0 = putShard(BUCKET, prefix + "shard-000000.jsonl", "{\"row\":0}\n");

        sendPlan(plan(s3(prefix), 2, List.of("process_invoice")));
        sendResult(ok(0, 2, BUCKET, prefix + "shard-000000.jsonl", shard0, 1));
        sendResult(base(1, 2).setOk(false).setError("destination s3://customer-training/failed/ failed: Access Denied").build());
        ExportStatus failed = awaitStatus(ExportState.failed, s -> true);

        assertEquals("internal_error", failed.getError().getCode());
        assertTrue(failed.getError().getMessage().contains("shard 1: destination s3://customer-training/failed/ failed: Access Denied"),
                failed.getError().getMessage());
        assertNull(failed.getManifestUrl());
        assertFalse(exists(BUCKET, prefix + "manifest.json"));
    }

    @Test
    void aZeroShardPlanCompletesAtOnceWithNoFiles() throws Exception {
        String prefix = "empty/" + exportId + "/";

        sendPlan(plan(s3(prefix), 0, List.of("process_invoice")));
        ExportStatus completed = awaitStatus(ExportState.completed, s -> true);

        assertEquals(0, completed.getShardsDone());
        JsonNode manifest = JSON.readTree(object(BUCKET, prefix + "manifest.json"));
        assertEquals(0, manifest.get("files").size());
        assertEquals(0, manifest.get("rows").asLong());
    }

    @Test
    void aSignedUrlExportListsTimeLimitedUrlsThatServeTheShards() throws Exception {
        String prefix = "exports/" + workspace + "/" + exportId + "/";
        byte[] shard0 = putShard(store.bucket(), prefix + "shard-000000.jsonl", "{\"row\":0}\n");

        sendPlan(plan(new SignedUrlDestination(null), 1, List.of("process_invoice")));
        sendResult(ok(0, 1, store.bucket(), prefix + "shard-000000.jsonl", shard0, 1));
        ExportStatus completed = awaitStatus(ExportState.completed, s -> true);

        assertTrue(completed.getManifestUrl().startsWith(store.endpoint()), completed.getManifestUrl());
        assertTrue(completed.getManifestUrl().contains("X-Amz-Signature="), completed.getManifestUrl());
        byte[] manifestBytes = httpGet(completed.getManifestUrl());
        assertArrayEquals(object(store.bucket(), prefix + "manifest.json"), manifestBytes);
        JsonNode manifest = JSON.readTree(manifestBytes);
        assertEquals("signed_url", manifest.get("destination").asText());
        JsonNode file = manifest.at("/files/0");
        assertEquals(List.of("path", "url", "size_bytes", "rows", "sha256"), fieldNames(file));
        assertEquals("shard-000000.jsonl", file.get("path").asText());
        assertEquals(file.get("sha256").asText(), sha256(httpGet(file.get("url").asText())));
    }

    // ---------- fixtures ----------

    private ExportPlan plan(Object destination, int shards, List<String> workflows) {
        return ExportPlan.newBuilder().setWorkflows(workflows).setFormat(ExportFormat.jsonl).setTag("process_invoice@v1")
                .setShardSizeBytes(1024).setDestination(destination)
                .setFilterSummary("{\"outcome\":\"success\",\"since\":\"2026-01-01T00:00:00Z\"}")
                .setRequestedAt(REQUESTED_AT)
                .setRows(3).setShards(shards).setFrames(2).setActions(3).build();
    }

    private S3Destination s3(String prefix) {
        return S3Destination.newBuilder().setBucket(BUCKET).setPrefix(prefix).setRegion("us-east-1")
                .setEndpoint(store.endpoint()).build();
    }

    private void sendPlan(ExportPlan plan) {
        TestKafka.send(Topic.EXPORT_STATUS, exportId, ExportStatus.newBuilder().setExportId(exportId)
                .setWorkspaceId(workspace).setStatus(ExportState.running).setPlan(plan).setAt(PLANNED_AT).build());
    }

    private void sendResult(ShardResult result) {
        TestKafka.send(Topic.EXPORT_SHARD_RESULTS, exportId, result);
    }

    private ShardResult.Builder base(int index, int count) {
        return ShardResult.newBuilder().setExportId(exportId).setWorkspaceId(workspace).setShardIndex(index)
                .setShardCount(count).setCompletedAt(Instant.now());
    }

    private ShardResult ok(int index, int count, String bucket, String key, byte[] bytes, long rows) {
        return base(index, count).setOk(true).setBucket(bucket).setPath(key).setSizeBytes(bytes.length).setRows(rows)
                .setFrames(1).setActions(rows).setSha256(sha256(bytes)).build();
    }

    private ExportStatus awaitStatus(ExportState state, java.util.function.Predicate<ExportStatus> match) {
        return TestKafka.await(Topic.EXPORT_STATUS, ExportStatus.class, r -> r.value().getExportId().equals(exportId)
                && exportId.equals(r.key()) && r.value().getStatus() == state && match.test(r.value())).value();
    }

    /** Statuses this service published for the export (the plan, published by the test, excluded). */
    private List<ExportStatus> statuses(ExportState state) {
        return TestKafka.snapshot(Topic.EXPORT_STATUS, ExportStatus.class).stream().map(ConsumerRecord::value)
                .filter(s -> s.getExportId().equals(exportId) && s.getStatus() == state && s.getPlan() == null).toList();
    }

    private void awaitShardRows(int count) {
        org.awaitility.Awaitility.await().atMost(TestKafka.WAIT).until(() -> pool
                .preparedQuery("SELECT count(*) AS n FROM manifest.export_shards WHERE export_id = $1")
                .execute(Tuple.of(exportId)).await().indefinitely().iterator().next().getLong("n") == count);
    }

    private byte[] putShard(String bucket, String key, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
        return bytes;
    }

    private byte[] object(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    private boolean exists(String bucket, String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    private void ensureBucket(String bucket) {
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

    private static byte[] httpGet(String url) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode(), () -> url + " → " + new String(response.body(), StandardCharsets.UTF_8));
            assertNotNull(response.body());
            return response.body();
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
