package com.nusomi.shardwriter.listener;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.Outcome;
import com.nusomi.contracts.avro.S3Destination;
import com.nusomi.contracts.avro.ShardResult;
import com.nusomi.contracts.avro.ShardTask;
import com.nusomi.contracts.avro.SignedUrlDestination;
import com.nusomi.devstack.testing.TestWebp;
import com.nusomi.kit.objectstore.ObjectStoreConfig;
import com.nusomi.shardwriter.support.Catalog;
import com.nusomi.shardwriter.support.Shards;
import com.nusomi.shardwriter.support.Azurite;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.shardwriter.support.LocalGcs;
import com.nusomi.shardwriter.support.Moto;
import com.nusomi.shardwriter.support.ShardWriterTestProfile;
import com.nusomi.shardwriter.support.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * The shard writer end to end on the devstack: a sealed session in the catalog and its frame images in the
 * installation bucket; shard tasks produced with the real serializer; the shard object, its copied images and the
 * ShardResult read back from the bucket and the topic.
 */
@QuarkusTest
@TestProfile(ShardWriterTestProfile.class)
@QuarkusTestResource(DevStackResource.class)
class ShardTaskListenerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DESTINATION_BUCKET = "customer-training";
    private static final String WORKFLOW = "process_invoice";

    @Inject
    Pool pool;
    @Inject
    S3Client s3;
    @Inject
    ObjectStoreConfig store;

    String workspace;
    String session;
    String frame1;
    String frame2;
    String click;
    String input;
    byte[] image1;
    byte[] image2;

    @BeforeEach
    void sealedSessionInCatalog() {
        Catalog.ensureSchema(pool);
        ensureBucket(DESTINATION_BUCKET);
        workspace = IdPrefix.WORKSPACE.newId();
        session = IdPrefix.SESSION.newId();
        frame1 = IdPrefix.FRAME.newId();
        frame2 = IdPrefix.FRAME.newId();
        click = IdPrefix.EVENT.newId();
        input = IdPrefix.EVENT.newId();
        image1 = TestWebp.sized(4, 4, 96, session.hashCode());
        image2 = TestWebp.sized(4, 4, 96, session.hashCode() + 1L);
        Catalog.sealedSession(pool, session, workspace, WORKFLOW, "success");
        Catalog.frame(pool, frame1, session, workspace, 1000, store.bucket(), putImage(image1), image1.length,
                "{\"w\":1440,\"h\":900,\"scale\":1}", "{\"tag\":\"html\",\"children\":[]}", "{\"role\":\"window\",\"name\":\"Invoices\"}");
        Catalog.frame(pool, frame2, session, workspace, 2000, store.bucket(), putImage(image2), image2.length,
                "{\"w\":1440,\"h\":900,\"scale\":1}", null, null);
        Catalog.event(pool, click, session, workspace, frame1, 1000, "click",
                "{\"x\":612,\"y\":388,\"target\":{\"role\":\"button\",\"name\":\"Approve\"},\"modifiers\":[]}");
        Catalog.event(pool, input, session, workspace, frame2, 2000, "input_text",
                "{\"field\":\"amount\",\"value\":\"[masked]\"}");
    }

    @Test
    void writesTheShardToAnS3DestinationAndReportsItsSha256() throws Exception {
        ShardTask task = task(s3Destination("nusomi/v1/"), rows());

        TestKafka.send(Topic.EXPORT_SHARD_TASKS, task.getExportId() + "/0", task);
        ShardResult result = awaitResults(task.getExportId(), 1).getFirst();

        assertTrue(result.getOk(), () -> "shard failed: " + result.getError());
        assertEquals(DESTINATION_BUCKET, result.getBucket());
        assertEquals("nusomi/v1/shard-000000.jsonl", result.getPath());
        byte[] shard = object(DESTINATION_BUCKET, result.getPath());
        assertEquals(shard.length, result.getSizeBytes());
        assertEquals(sha256(shard), result.getSha256());
        assertEquals(3, result.getRows());
        assertEquals(2, result.getFrames());
        assertEquals(2, result.getActions());

        List<String> lines = lines(shard);
        assertEquals(3, lines.size());
        String imageUrl1 = "s3://" + DESTINATION_BUCKET + "/nusomi/v1/frames/" + sha256(image1) + ".webp";
        assertEquals("{\"session_id\":\"" + session + "\",\"t_ms\":1000,"
                + "\"frame\":{\"image_url\":\"" + imageUrl1 + "\",\"viewport\":{\"h\":900,\"w\":1440,\"scale\":1},"
                + "\"dom\":{\"tag\":\"html\",\"children\":[]},\"accessibility_tree\":{\"name\":\"Invoices\",\"role\":\"window\"}},"
                + "\"action\":{\"type\":\"click\",\"x\":612,\"y\":388,\"target\":{\"name\":\"Approve\",\"role\":\"button\"},\"modifiers\":[]},"
                + "\"context\":{\"workflow\":\"process_invoice\",\"prior_action\":null,\"outcome\":\"success\"}}", lines.get(0));

        JsonNode second = JSON.readTree(lines.get(1));
        assertEquals(List.of("session_id", "t_ms", "frame", "action", "context"), fieldNames(second));
        assertEquals(List.of("image_url", "viewport", "dom", "accessibility_tree"), fieldNames(second.get("frame")));
        assertEquals(List.of("workflow", "prior_action", "outcome"), fieldNames(second.get("context")));
        assertEquals("input_text", second.at("/action/type").asText());
        assertEquals("[masked]", second.at("/action/value").asText());
        assertEquals("click", second.at("/context/prior_action/type").asText());
        assertEquals(612, second.at("/context/prior_action/x").asInt());
        assertTrue(second.at("/frame/dom").isNull());

        JsonNode frameOnly = JSON.readTree(lines.get(2));
        assertTrue(frameOnly.get("action").isNull(), "a row without an event has action null");
        assertEquals(2000, frameOnly.get("t_ms").asLong());

        assertArrayEquals(image1, object(DESTINATION_BUCKET, "nusomi/v1/frames/" + sha256(image1) + ".webp"));
        assertArrayEquals(image2, object(DESTINATION_BUCKET, "nusomi/v1/frames/" + sha256(image2) + ".webp"));
    }

    @Test
    void aRedeliveredTaskRewritesTheSameBytes() {
        ShardTask task = task(s3Destination("redelivery/" + session + "/"), rows());

        TestKafka.send(Topic.EXPORT_SHARD_TASKS, task.getExportId() + "/0", task);
        ShardResult first = awaitResults(task.getExportId(), 1).getFirst();
        byte[] firstBytes = object(DESTINATION_BUCKET, first.getPath());
        TestKafka.send(Topic.EXPORT_SHARD_TASKS, task.getExportId() + "/0", task);
        ShardResult second = awaitResults(task.getExportId(), 2).get(1);

        assertTrue(first.getOk() && second.getOk());
        assertEquals(first.getPath(), second.getPath());
        assertEquals(first.getSha256(), second.getSha256());
        assertEquals(first.getSizeBytes(), second.getSizeBytes());
        assertArrayEquals(firstBytes, object(DESTINATION_BUCKET, second.getPath()));
    }

    @Test
    void writesASignedUrlExportUnderTheHostedPrefixWithFetchableSignedImageUrls() throws Exception {
        ShardTask task = task(new SignedUrlDestination(null), rows());

        TestKafka.send(Topic.EXPORT_SHARD_TASKS, task.getExportId() + "/0", task);
        ShardResult result = awaitResults(task.getExportId(), 1).getFirst();

        assertTrue(result.getOk(), () -> "shard failed: " + result.getError());
        String prefix = "exports/" + workspace + "/" + task.getExportId() + "/";
        assertEquals(store.bucket(), result.getBucket());
        assertEquals(prefix + "shard-000000.jsonl", result.getPath());
        byte[] shard = object(store.bucket(), result.getPath());
        assertEquals(sha256(shard), result.getSha256());
        JsonNode row = JSON.readTree(lines(shard).getFirst());
        String imageUrl = row.at("/frame/image_url").asText();
        assertTrue(imageUrl.startsWith(store.endpoint()) && imageUrl.contains("X-Amz-Signature="), imageUrl);
        assertTrue(imageUrl.contains("/" + prefix + "frames/" + sha256(image1) + ".webp?"), imageUrl);
        var response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(imageUrl)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), () -> new String(response.body(), StandardCharsets.UTF_8));
        assertArrayEquals(image1, response.body(), "a plain HTTP client fetches the frame through the signed URL");
    }

    @Test
    void streamsALargeShardAsAMultipartUpload() {
        String bigFrame = IdPrefix.FRAME.newId();
        String bigDom = "{\"html\":\"" + "x".repeat(6 * 1024 * 1024) + "\"}";
        Catalog.frame(pool, bigFrame, session, workspace, 3000, store.bucket(), putImage(image1), image1.length,
                null, bigDom, null);
        List<Catalog.PlanRef> rows = List.of(frameRow(bigFrame, 3000), frameRow(bigFrame, 3000));
        ShardTask task = task(s3Destination("large/" + session + "/"), rows);

        TestKafka.send(Topic.EXPORT_SHARD_TASKS, task.getExportId() + "/0", task);
        ShardResult result = awaitResults(task.getExportId(), 1).getFirst();

        assertTrue(result.getOk(), () -> "shard failed: " + result.getError());
        byte[] shard = object(DESTINATION_BUCKET, result.getPath());
        assertTrue(shard.length > 12 * 1024 * 1024, "two rows of 6 MiB DOM each");
        assertEquals(shard.length, result.getSizeBytes());
        assertEquals(sha256(shard), result.getSha256());
        assertEquals(1, result.getFrames(), "one distinct frame");
        assertEquals(0, result.getActions());
    }

    @Test
    void aFrameMissingFromTheCatalogFailsTheShard() {
        List<Catalog.PlanRef> rows = new ArrayList<>(rows());
        rows.add(frameRow(IdPrefix.FRAME.newId(), 4000));
        ShardTask task = task(s3Destination("missing/"), rows);

        TestKafka.send(Topic.EXPORT_SHARD_TASKS, task.getExportId() + "/0", task);
        ShardResult result = awaitResults(task.getExportId(), 1).getFirst();

        assertFalse(result.getOk());
        assertTrue(result.getError().contains("not in the catalog"), result.getError());
        assertEquals("", result.getSha256());
    }

    @Test
    void everyImageOfTheShardIsStoredWhenItsResultIsPublished() {
        List<Catalog.PlanRef> rows = new ArrayList<>();
        List<byte[]> images = storedFrames(120, 10_000, 100L, rows);
        String prefix = "many/" + session + "/";
        ShardTask task = task(s3Destination(prefix), rows);

        TestKafka.send(Topic.EXPORT_SHARD_TASKS, task.getExportId() + "/0", task);
        ShardResult result = awaitResults(task.getExportId(), 1).getFirst();

        assertTrue(result.getOk(), () -> "shard failed: " + result.getError());
        assertEquals(120, result.getFrames());
        for (byte[] image : images) {
            assertArrayEquals(image, object(DESTINATION_BUCKET, prefix + "frames/" + sha256(image) + ".webp"),
                    "copies run beside the rows, but the result waits for every one");
        }
    }

    @Test
    void aFrameImageMissingFromTheStoreFailsTheShardNamingIt() {
        List<Catalog.PlanRef> rows = new ArrayList<>();
        storedFrames(60, 20_000, 1000L, rows);
        String lost = IdPrefix.FRAME.newId();
        String lostSha = sha256(("never stored " + session).getBytes(StandardCharsets.UTF_8));
        Catalog.frame(pool, lost, session, workspace, 30_000, store.bucket(), lostSha, 96, null, null, null);
        rows.add(frameRow(lost, 30_000));

        for (ExportFormat format : List.of(ExportFormat.jsonl, ExportFormat.webdataset)) {
            ShardTask task = Shards.task(pool, IdPrefix.EXPORT.newId(), workspace, format,
                    s3Destination("lost/" + format + "/" + session + "/"), rows);

            TestKafka.send(Topic.EXPORT_SHARD_TASKS, task.getExportId() + "/0", task);
            ShardResult result = awaitResults(task.getExportId(), 1).getFirst();

            assertFalse(result.getOk(), format + ": a row whose image is missing is never published");
            assertTrue(result.getError().contains("frames/" + lostSha + ".webp is missing from the installation store"),
                    format + ": " + result.getError());
        }
    }

    /**
     * {@code count} distinct images put in the installation store, each a frame of the session in the catalog at
     * {@code firstTMs + i}, its row added to {@code rows}: the images, in row order.
     */
    private List<byte[]> storedFrames(int count, long firstTMs, long seed, List<Catalog.PlanRef> rows) {
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String frame = IdPrefix.FRAME.newId();
            byte[] image = TestWebp.sized(4, 4, 96, session.hashCode() + seed + i);
            Catalog.frame(pool, frame, session, workspace, firstTMs + i, store.bucket(), putImage(image), image.length,
                    null, null, null);
            rows.add(frameRow(frame, firstTMs + i));
            images.add(image);
        }
        return images;
    }

    @Test
    void writesExactlyTheRowsOfItsRange() throws Exception {
        ShardTask whole = task(s3Destination("range/" + session + "/"), rows());
        ShardTask middle = ShardTask.newBuilder(whole).setShardIndex(1).setShardCount(3).setFirstRow(1).setRowCount(1)
                .setObjectName("shard-000001.jsonl").build();

        TestKafka.send(Topic.EXPORT_SHARD_TASKS, middle.getExportId() + "/1", middle);
        ShardResult result = awaitResults(middle.getExportId(), 1).getFirst();

        assertTrue(result.getOk(), () -> "shard failed: " + result.getError());
        assertEquals(1, result.getRows());
        List<String> written = lines(object(DESTINATION_BUCKET, result.getPath()));
        assertEquals(1, written.size());
        JsonNode row = JSON.readTree(written.getFirst());
        assertEquals(2000, row.get("t_ms").asLong());
        assertEquals("input_text", row.at("/action/type").asText());
        assertEquals("click", row.at("/context/prior_action/type").asText());
    }

    @Test
    void aRangeThePlanDoesNotHoldFailsTheShard() {
        ShardTask whole = task(s3Destination("beyond/"), rows());
        ShardTask beyond = ShardTask.newBuilder(whole).setFirstRow(2).setRowCount(5).build();

        TestKafka.send(Topic.EXPORT_SHARD_TASKS, beyond.getExportId() + "/0", beyond);
        ShardResult result = awaitResults(beyond.getExportId(), 1).getFirst();

        assertFalse(result.getOk());
        assertTrue(result.getError().contains("plan rows 3..6"), result.getError());
    }

    @Test
    void anUnreachableDestinationFailsTheShard() {
        ShardTask task = task(S3Destination.newBuilder().setBucket(DESTINATION_BUCKET).setPrefix("x/")
                .setEndpoint("http://127.0.0.1:9").build(), rows());

        TestKafka.send(Topic.EXPORT_SHARD_TASKS, task.getExportId() + "/0", task);
        ShardResult result = awaitResults(task.getExportId(), 1).getFirst();

        assertFalse(result.getOk());
        assertTrue(result.getError().startsWith("destination s3://" + DESTINATION_BUCKET + "/x/"), result.getError());
    }

    @Test
    void anS3DestinationWithNeitherRoleNorEndpointFailsTheShardWithAClearError() {
        ShardTask task = task(S3Destination.newBuilder().setBucket(DESTINATION_BUCKET).build(), rows());

        TestKafka.send(Topic.EXPORT_SHARD_TASKS, task.getExportId() + "/0", task);
        ShardResult result = awaitResults(task.getExportId(), 1).getFirst();

        assertFalse(result.getOk());
        assertTrue(result.getError().startsWith("destination s3://" + DESTINATION_BUCKET + "/"), result.getError());
        assertTrue(result.getError().contains("role_arn"), result.getError());
    }

    @Test
    void assumesTheRoleOfARoleArnDestinationAndWritesThereWithTemporaryCredentials() {
        Assumptions.assumeTrue(Moto.start(), "moto is not installed here (python3 -m moto.server): "
                + "the role_arn / STS AssumeRole test is skipped");
        try (S3Client moto = S3Client.builder().endpointOverride(java.net.URI.create(Moto.endpoint())).forcePathStyle(true)
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("testing", "testing")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
            moto.createBucket(b -> b.bucket("acme-training"));
            ShardTask task = task(S3Destination.newBuilder().setBucket("acme-training").setPrefix("nusomi/v1/")
                    .setRegion("us-east-1").setRoleArn("arn:aws:iam::123456789012:role/NusomiExport")
                    .setEndpoint(Moto.endpoint()).build(), rows());

            TestKafka.send(Topic.EXPORT_SHARD_TASKS, task.getExportId() + "/0", task);
            ShardResult result = awaitResults(task.getExportId(), 1).getFirst();

            assertTrue(result.getOk(), () -> "shard failed: " + result.getError());
            byte[] shard = moto.getObjectAsBytes(b -> b.bucket("acme-training").key(result.getPath())).asByteArray();
            assertEquals(sha256(shard), result.getSha256());
            assertArrayEquals(image1, moto.getObjectAsBytes(b -> b.bucket("acme-training")
                    .key("nusomi/v1/frames/" + sha256(image1) + ".webp")).asByteArray());
        }
    }

    @Test
    void writesAGcsDestinationWithGsImageUrls() throws Exception {
        ShardTask task = task(com.nusomi.contracts.avro.GcsDestination.newBuilder().setBucket("acme-gcs")
                .setPrefix("nusomi/" + session + "/").build(), rows());

        TestKafka.send(Topic.EXPORT_SHARD_TASKS, task.getExportId() + "/0", task);
        ShardResult result = awaitResults(task.getExportId(), 1).getFirst();

        assertTrue(result.getOk(), () -> "shard failed: " + result.getError());
        assertEquals("acme-gcs", result.getBucket());
        assertEquals("nusomi/" + session + "/shard-000000.jsonl", result.getPath());
        byte[] shard = LocalGcs.STORAGE.readAllBytes(com.google.cloud.storage.BlobId.of("acme-gcs", result.getPath()));
        assertEquals(sha256(shard), result.getSha256());
        assertEquals(shard.length, result.getSizeBytes());
        String imageKey = "nusomi/" + session + "/frames/" + sha256(image1) + ".webp";
        assertEquals("gs://acme-gcs/" + imageKey, JSON.readTree(lines(shard).getFirst()).at("/frame/image_url").asText());
        assertArrayEquals(image1, LocalGcs.STORAGE.readAllBytes(com.google.cloud.storage.BlobId.of("acme-gcs", imageKey)));
    }

    @Test
    void streamsAShardToAnAzureBlobContainerAsStagedBlocks() throws Exception {
        Assumptions.assumeTrue(Azurite.start(), "azurite is not installed (run .ci/setup-test-tools.sh): "
                + "the azure_blob destination test is skipped");
        var container = new com.azure.storage.blob.BlobServiceClientBuilder().endpoint(Azurite.endpoint())
                .credential(new com.azure.storage.common.StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.KEY))
                .buildClient().getBlobContainerClient("training");
        container.createIfNotExists();
        String bigFrame = IdPrefix.FRAME.newId();
        Catalog.frame(pool, bigFrame, session, workspace, 3000, store.bucket(), putImage(image1), image1.length,
                null, "{\"html\":\"" + "x".repeat(6 * 1024 * 1024) + "\"}", null);
        List<Catalog.PlanRef> rows = new ArrayList<>(rows());
        rows.add(frameRow(bigFrame, 3000));
        rows.add(frameRow(bigFrame, 3000));
        ShardTask task = task(com.nusomi.contracts.avro.AzureBlobDestination.newBuilder().setAccount(Azurite.ACCOUNT)
                .setContainer("training").setPrefix("nusomi/" + session).build(), rows);

        TestKafka.send(Topic.EXPORT_SHARD_TASKS, task.getExportId() + "/0", task);
        ShardResult result = awaitResults(task.getExportId(), 1).getFirst();

        assertTrue(result.getOk(), () -> "shard failed: " + result.getError());
        assertEquals(Azurite.ACCOUNT + "/training", result.getBucket());
        byte[] shard = container.getBlobClient(result.getPath()).downloadContent().toBytes();
        assertTrue(shard.length > 12 * 1024 * 1024, "three 5 MiB blocks");
        assertEquals(sha256(shard), result.getSha256());
        String imageKey = "nusomi/" + session + "/frames/" + sha256(image1) + ".webp";
        assertEquals(Azurite.endpoint() + "/training/" + imageKey,
                JSON.readTree(lines(shard).getFirst()).at("/frame/image_url").asText());
        assertArrayEquals(image1, container.getBlobClient(imageKey).downloadContent().toBytes());
    }

    @Test
    void aPoisonRecordIsDeadLetteredAndTheNextTaskIsWritten() {
        ShardTask task = task(s3Destination("after-poison/"), rows());
        String key = task.getExportId() + "/0";
        byte[] poison = "not an avro shard task".getBytes(StandardCharsets.UTF_8);

        TestKafka.sendRaw(Topic.EXPORT_SHARD_TASKS, key, poison);
        TestKafka.send(Topic.EXPORT_SHARD_TASKS, key, task);

        ConsumerRecord<String, byte[]> dead = TestKafka.awaitDeadLetter(Topic.EXPORT_SHARD_TASKS, key);
        assertArrayEquals(poison, dead.value());
        assertNotNull(dead.headers().lastHeader(Topic.DLQ_REASON_HEADER));
        assertEquals("shard-writer", new String(dead.headers().lastHeader(Topic.DLQ_CONSUMER_HEADER).value(), StandardCharsets.UTF_8));
        assertTrue(awaitResults(task.getExportId(), 1).getFirst().getOk());
    }

    @Test
    void consumesAndProducesTheTopicsOfTheCatalog() {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        assertEquals(Topic.EXPORT_SHARD_TASKS.topicName(),
                config.getValue("mp.messaging.incoming." + ShardTaskListener.CHANNEL + ".topic", String.class));
        assertEquals(Topic.EXPORT_SHARD_RESULTS.topicName(), config.getValue("mp.messaging.outgoing."
                + com.nusomi.shardwriter.service.ShardResultPublisher.CHANNEL + ".topic", String.class));
    }

    // ---------- fixtures ----------

    private List<Catalog.PlanRef> rows() {
        return List.of(
                row(frame1, 1000, click, null),
                row(frame2, 2000, input, click),
                frameRow(frame2, 2000));
    }

    private Catalog.PlanRef row(String frameId, long tMs, String eventId, String priorEventId) {
        return new Catalog.PlanRef(session, tMs, frameId, eventId, priorEventId, WORKFLOW, Outcome.success.name());
    }

    private Catalog.PlanRef frameRow(String frameId, long tMs) {
        return row(frameId, tMs, null, null);
    }

    /** A task naming all of {@code rows}, stored as the planner stores an export's plan. */
    private ShardTask task(Object destination, List<Catalog.PlanRef> rows) {
        return Shards.task(pool, IdPrefix.EXPORT.newId(), workspace, ExportFormat.jsonl, destination, rows);
    }

    private S3Destination s3Destination(String prefix) {
        return S3Destination.newBuilder().setBucket(DESTINATION_BUCKET).setPrefix(prefix).setRegion("us-east-1")
                .setEndpoint(store.endpoint()).build();
    }

    private static List<ShardResult> awaitResults(String exportId, int count) {
        return TestKafka.awaitCount(Topic.EXPORT_SHARD_RESULTS, ShardResult.class,
                r -> r.value().getExportId().equals(exportId) && exportId.equals(r.key()), count)
                .stream().map(ConsumerRecord::value).toList();
    }

    private String putImage(byte[] image) {
        String sha = sha256(image);
        s3.putObject(b -> b.bucket(store.bucket()).key("frames/" + sha + ".webp").contentType("image/webp"),
                RequestBody.fromBytes(image));
        return sha;
    }

    private byte[] object(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
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

    private static List<String> lines(byte[] shard) {
        String text = new String(shard, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"), "every row ends with a newline");
        return List.of(text.substring(0, text.length() - 1).split("\n", -1));
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
