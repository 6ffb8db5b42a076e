package com.nusomi.systemtests;

import com.nusomi.devstack.testing.TestWebp;

import static com.nusomi.systemtests.Api.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.ResponseTransformer;

/**
 * The walking skeleton, end to end, over the public API only: two workspaces; a session with 30 real WebP frames in
 * batches of 10 and five emitted events ending in success; a re-sent batch; sealing with counts and outcome; an
 * abandoned and an error session beside it; a JSONL export to the local object store and one to signed_url whose
 * files hash as the manifest says; and the other workspace sees none of it.
 */
@ExtendWith(RunningPlatform.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkingSkeletonIT {
    private static final String WORKFLOW = "process_invoice";
    private static Api operator;
    private static Api acme;
    private static Api other;
    private static String successSession;
    private static final List<String> frameIds = new ArrayList<>();

    @BeforeAll
    static void workspaces(RunningPlatform.Handle platform) {
        operator = new Api(platform.gatewayUrl(), platform.operatorKey());
        acme = operator.as(createWorkspace("acme"));
        other = operator.as(createWorkspace("globex"));
    }

    private static String createWorkspace(String name) {
        var created = operator.post("/v1/workspaces", map("name", name));
        assertEquals(201, created.status(), created.toString());
        assertTrue(created.body().path("id").asText().startsWith("wsp_"));
        return created.body().path("admin_key").asText();
    }

    @Test
    @Order(0)
    void everyServiceIsReadyAndExposesMetrics(RunningPlatform.Handle platform) throws Exception {
        assertEquals(7, platform.platform().processes().size());
        for (var service : platform.platform().processes()) {
            var health = Api.JSON.readTree(Api.fetch(service.url() + "/q/health/ready"));
            assertEquals("UP", health.path("status").asText(), service.name() + ": " + health);
            String metrics = new String(Api.fetch(service.url() + "/q/metrics"), StandardCharsets.UTF_8);
            assertTrue(metrics.contains("jvm_memory_used_bytes"), service.name() + " exposes Prometheus metrics");
        }
    }

    @Test
    @Order(1)
    void aSessionRecordsSealsAndCountsEverythingSentBeforeTheStop() {
        successSession = createAndStart();

        for (int batch = 0; batch < 3; batch++) {
            var answer = uploadBatch(successSession, batch);
            assertEquals(201, answer.status(), answer.toString());
            assertEquals(10, answer.body().path("data").size());
            answer.body().path("data").forEach(f -> frameIds.add(f.path("id").asText()));
        }
        assertEquals(30, frameIds.stream().distinct().count());
        assertTrue(frameIds.stream().allMatch(id -> id.startsWith("frm_")));

        // a re-sent batch is a safe retry: the same frames come back, nothing new is stored
        var again = uploadBatch(successSession, 1);
        assertEquals(201, again.status(), again.toString());
        for (int i = 0; i < 10; i++) {
            assertEquals(frameIds.get(10 + i), again.body().path("data").get(i).path("id").asText());
        }

        var events = acme.post("/v1/sessions/" + successSession + "/events", map("events", List.of(
                map("type", "navigate", "t_ms", 50, "payload", map("to_url", "https://erp.example/invoices/42")),
                map("type", "click", "t_ms", 1_050, "payload", map("x", 612, "y", 388,
                        "target", map("role", "button", "name", "Edit"))),
                map("type", "input_text", "t_ms", 1_530, "payload", map("field", "amount", "value", "[masked]")),
                map("type", "submit", "t_ms", 2_400, "payload", map("form", "invoice", "payload", map("id", 42))))));
        assertEquals(201, events.status(), events.toString());
        assertEquals(4, events.body().path("data").size());
        JsonNode click = events.body().path("data").get(1);
        assertEquals("sdk", click.path("source").asText());
        assertEquals(1.0, click.path("confidence").asDouble());
        assertEquals(frameIds.get(10), click.path("frame_id").asText(), "anchored to the latest frame at or before t_ms 1050");

        var success = acme.post("/v1/sessions/" + successSession + "/events",
                map("type", "success", "t_ms", 2_950, "payload", map("marker", "invoice_approved")));
        assertEquals(201, success.status(), success.toString());
        assertEquals(frameIds.get(29), success.body().path("frame_id").asText());

        var stopped = acme.post("/v1/sessions/" + successSession + "/stop", map());
        assertEquals(200, stopped.status(), stopped.toString());
        JsonNode sealed = awaitSession(acme, successSession, s -> "sealed".equals(s.path("status").asText()));
        assertEquals("success", sealed.path("outcome").asText());
        assertEquals(30, sealed.path("frame_count").asInt());
        assertEquals(5, sealed.path("event_count").asInt());
        assertTrue(sealed.path("duration_ms").asLong() >= 2_900, sealed.toString());
        assertFalse(sealed.path("sealed_at").isNull());

        var listed = acme.get("/v1/sessions/" + successSession + "/events?limit=3");
        assertEquals(200, listed.status());
        assertEquals(3, listed.body().path("data").size());
        assertTrue(listed.body().path("has_more").asBoolean());
        var rest = acme.get("/v1/sessions/" + successSession + "/events?limit=3&cursor=" + listed.body().path("next_cursor").asText());
        assertEquals(2, rest.body().path("data").size());
        assertEquals("success", rest.body().path("data").get(1).path("type").asText());
    }

    @Test
    @Order(2)
    void abandonedAndErrorSessionsSealWithTheirOutcome() {
        String abandoned = createAndStart();
        assertEquals(201, uploadBatch(abandoned, 0).status());
        acme.post("/v1/sessions/" + abandoned + "/events", map("type", "click", "t_ms", 120, "payload", map("x", 1, "y", 2)));
        assertEquals(200, acme.post("/v1/sessions/" + abandoned + "/stop", map()).status());

        String failed = createAndStart();
        assertEquals(201, uploadBatch(failed, 0).status());
        var error = acme.post("/v1/sessions/" + failed + "/events",
                map("type", "error", "t_ms", 800, "payload", map("kind", "validation", "message", "amount rejected")));
        assertEquals(201, error.status(), error.toString());
        assertEquals(200, acme.post("/v1/sessions/" + failed + "/stop", map()).status());

        assertEquals("abandoned", awaitSession(acme, abandoned, s -> "sealed".equals(s.path("status").asText())).path("outcome").asText());
        assertEquals("error", awaitSession(acme, failed, s -> "sealed".equals(s.path("status").asText())).path("outcome").asText());

        var startAgain = acme.post("/v1/sessions/" + failed + "/start", map());
        assertEquals(409, startAgain.status());
        assertEquals("invalid_state", startAgain.errorCode());
    }

    @Test
    @Order(3)
    void aJsonlExportToTheLocalStoreMatchesItsManifest(RunningPlatform.Handle platform) throws Exception {
        String bucket = "acme-training";
        platform.s3().createBucket(b -> b.bucket(bucket));
        var created = acme.post("/v1/exports", map(
                "workflow", WORKFLOW,
                "filter", map("outcome", "success"),
                "format", "jsonl",
                "destination", map("kind", "s3", "bucket", bucket, "prefix", "nusomi/process_invoice/v1/",
                        "region", "us-east-1", "endpoint", platform.s3Endpoint()),
                "tag", "process_invoice@v1",
                "shard_size_bytes", 2_048));
        assertEquals(202, created.status(), created.toString());
        assertEquals("queued", created.body().path("status").asText());
        assertTrue(created.body().path("manifest_url").isNull());
        String exportId = created.body().path("id").asText();

        JsonNode done = awaitExport(acme, exportId);
        assertEquals("completed", done.path("status").asText(), done.toString());
        assertEquals("s3://" + bucket + "/nusomi/process_invoice/v1/manifest.json", done.path("manifest_url").asText());
        assertEquals(5, done.path("rows").asInt());

        JsonNode manifest = Api.JSON.readTree(platform.s3().getObject(
                b -> b.bucket(bucket).key("nusomi/process_invoice/v1/manifest.json"), ResponseTransformer.toBytes()).asByteArray());
        assertEquals(exportId, manifest.path("export_id").asText());
        assertEquals("jsonl", manifest.path("format").asText());
        assertEquals(5, manifest.path("rows").asInt());
        assertEquals(manifest.path("shards").asInt(), manifest.path("files").size());
        assertTrue(manifest.path("shards").asInt() > 1, "a 2 KiB shard target cuts 5 rows into several shards");

        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode file : manifest.path("files")) {
            byte[] shard = platform.s3().getObject(b -> b.bucket(bucket).key(objectKey(file)), ResponseTransformer.toBytes()).asByteArray();
            assertEquals(file.path("sha256").asText(), sha256(shard), "sha256 of " + file);
            assertEquals(file.path("size_bytes").asLong(), shard.length);
            for (String line : new String(shard, StandardCharsets.UTF_8).split("\n")) {
                rows.add(Api.JSON.readTree(line));
            }
        }
        assertRowsAreTheSuccessSession(rows);
    }

    @Test
    @Order(4)
    void aSignedUrlExportServesItsFilesThroughTimeLimitedUrls() throws Exception {
        var created = acme.post("/v1/exports", map("workflow", List.of(WORKFLOW), "format", "jsonl",
                "filter", map("outcome", "success"), "destination", map("kind", "signed_url")));
        assertEquals(202, created.status(), created.toString());
        JsonNode done = awaitExport(acme, created.body().path("id").asText());
        assertEquals("completed", done.path("status").asText(), done.toString());
        String manifestUrl = done.path("manifest_url").asText();
        assertTrue(manifestUrl.startsWith("http"), manifestUrl);

        JsonNode manifest = Api.JSON.readTree(Api.fetch(manifestUrl));
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode file : manifest.path("files")) {
            byte[] shard = Api.fetch(file.path("url").asText());
            assertEquals(file.path("sha256").asText(), sha256(shard));
            for (String line : new String(shard, StandardCharsets.UTF_8).split("\n")) {
                rows.add(Api.JSON.readTree(line));
            }
        }
        assertRowsAreTheSuccessSession(rows);
    }

    @Test
    @Order(5)
    void anotherWorkspaceSeesNothing() {
        var sessions = other.get("/v1/sessions");
        assertEquals(200, sessions.status());
        assertEquals(0, sessions.body().path("data").size());
        var session = other.get("/v1/sessions/" + successSession);
        assertEquals(404, session.status());
        assertEquals("session_not_found", session.errorCode());
        assertNotNull(session.header("X-Request-Id"));
        assertEquals(404, other.get("/v1/sessions/" + successSession + "/events").status());
        var exports = other.get("/v1/exports");
        assertEquals(0, exports.body().path("data").size());
    }

    @Test
    @Order(6)
    void aPoisonCommandIsDeadLetteredAndTheNextCommandIsServed(RunningPlatform.Handle platform) throws Exception {
        byte[] poison = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        String key = "ses_poison_" + System.nanoTime();
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(Map.of(
                "bootstrap.servers", platform.infra().kafkaBootstrap()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                    com.nusomi.contracts.Topic.SESSION_COMMANDS.topicName(), key, poison)).get();
        }
        String next = createAndStart();
        assertTrue(next.startsWith("ses_"), "the command after the poison record is served");

        var dead = DeadLetters.await(platform.infra().kafkaBootstrap(), com.nusomi.contracts.Topic.SESSION_COMMANDS.dlqName(), key);
        org.junit.jupiter.api.Assertions.assertArrayEquals(poison, dead.value());
        var reason = dead.headers().lastHeader(com.nusomi.contracts.Topic.DLQ_REASON_HEADER);
        assertNotNull(reason, "the dead letter says why");
        assertFalse(new String(reason.value(), StandardCharsets.UTF_8).isBlank());
    }

    private static void assertRowsAreTheSuccessSession(List<JsonNode> rows) {
        assertEquals(5, rows.size());
        List<String> types = rows.stream().map(r -> r.path("action").path("type").asText()).toList();
        assertEquals(List.of("navigate", "click", "input_text", "submit", "success"), types);
        long previous = -1;
        for (JsonNode row : rows) {
            assertEquals(successSession, row.path("session_id").asText());
            assertTrue(row.path("t_ms").asLong() > previous, "rows ordered by (session_id, t_ms)");
            previous = row.path("t_ms").asLong();
            assertEquals(WORKFLOW, row.path("context").path("workflow").asText());
            assertEquals("success", row.path("context").path("outcome").asText());
            assertTrue(row.path("frame").has("image_url"));
            assertEquals(64, row.path("frame").path("viewport").path("w").asInt());
        }
        JsonNode click = rows.get(1);
        assertEquals(612, click.path("action").path("x").asInt());
        assertEquals("Edit", click.path("action").path("target").path("name").asText());
        assertEquals("navigate", click.path("context").path("prior_action").path("type").asText());
        assertTrue(rows.get(0).path("context").path("prior_action").isNull());
    }

    private static String objectKey(JsonNode file) {
        String path = file.path("path").asText();
        return path.startsWith("nusomi/") ? path : "nusomi/process_invoice/v1/" + path;
    }

    private static String createAndStart() {
        var created = acme.post("/v1/sessions", map("workflow", WORKFLOW, "actor", map("kind", "human", "id", "u_1"),
                "metadata", map("erp", "sap")));
        assertEquals(201, created.status(), created.toString());
        assertEquals("created", created.body().path("status").asText());
        String id = created.body().path("id").asText();
        var started = acme.post("/v1/sessions/" + id + "/start", map());
        assertEquals(200, started.status(), started.toString());
        assertEquals("recording", started.body().path("status").asText());
        return id;
    }

    /** Batch {@code n} holds frames 10n..10n+9 at t_ms = 100 * index, each a distinct real WebP. */
    private static Api.Answer uploadBatch(String session, int n) {
        List<Map<String, Object>> frames = new ArrayList<>();
        Map<String, byte[]> images = new LinkedHashMap<>();
        for (int i = n * 10; i < n * 10 + 10; i++) {
            String part = "img" + i;
            frames.add(map("t_ms", i * 100, "image", part, "viewport", map("w", 64, "h", 48, "scale", 1),
                    "dom", map("tag", "html", "children", List.of(map("tag", "button", "text", "Edit"))),
                    "accessibility_tree", map("role", "WebArea", "name", "Invoice " + i),
                    "app", map("name", "Chromium"), "cursor", map("x", 10 + i, "y", 20)));
            images.put(part, TestWebp.solid(64, 48, 0xff000000 | (i * 0x030507)));
        }
        return acme.uploadFrames(session, map("frames", frames), images);
    }

    static JsonNode awaitSession(Api api, String id, Predicate<JsonNode> condition) {
        return await(() -> api.get("/v1/sessions/" + id).body(), condition, "session " + id);
    }

    static JsonNode awaitExport(Api api, String id) {
        return await(() -> api.get("/v1/exports/" + id).body(),
                e -> List.of("completed", "failed").contains(e.path("status").asText()), "export " + id);
    }

    private static JsonNode await(java.util.function.Supplier<JsonNode> read, Predicate<JsonNode> condition, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = read.get();
            if (condition.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError(what + " never reached the expected state; last seen " + last);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
