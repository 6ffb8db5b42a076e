package com.nusomi.manifestservice.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.Actor;
import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.ExportError;
import com.nusomi.contracts.avro.ExportFilter;
import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.ExportPlan;
import com.nusomi.contracts.avro.ExportRequest;
import com.nusomi.contracts.avro.ExportState;
import com.nusomi.contracts.avro.ExportStatus;
import com.nusomi.contracts.avro.FrameSampling;
import com.nusomi.contracts.avro.SessionLifecycle;
import com.nusomi.contracts.avro.SessionSnapshot;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.contracts.avro.SignedUrlDestination;
import com.nusomi.contracts.avro.Surface;
import com.nusomi.kit.webhook.WebhookSecrets;
import com.nusomi.manifestservice.support.DevStackWithGatewayTables;
import com.nusomi.manifestservice.support.ManifestServiceTestProfile;
import com.nusomi.manifestservice.support.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Webhooks end to end on the devstack: records on the real topics (Apicurio serializer), endpoints in
 * {@code gateway.webhooks} as the gateway stores them, a real HTTP receiver on the loopback (allowed in tests), the
 * retry schedule shortened by configuration to 1 s, 2 s, 3 s.
 */
@QuarkusTest
@TestProfile(ManifestServiceTestProfile.class)
@QuarkusTestResource(DevStackWithGatewayTables.class)
class WebhookDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Pool pool;
    @Inject
    WebhookSecrets secrets;
    @Inject
    WebhookScheduler scheduler;
    @Inject
    WebhookDeliveryQueue queue;
    @Inject
    WebhookDeliveryConfig config;
    @TestHTTPResource("/q/metrics")
    java.net.URL metrics;

    @Test
    void aFailingEndpointGetsRetriesOnTheScheduleWithTheSameSignedBody() throws Exception {
        String workspace = IdPrefix.WORKSPACE.newId();
        try (var endpoint = new WebhookReceiver(500, 500, 200); var otherWorkspace = new WebhookReceiver()) {
            String secret = webhook(workspace, endpoint.url(), "session.created", "session.sealed");
            webhook(IdPrefix.WORKSPACE.newId(), otherWorkspace.url(), "session.created");
            String sessionId = IdPrefix.SESSION.newId();
            SessionLifecycle created = lifecycle(workspace, sessionId, SessionStatus.created);
            TestKafka.send(Topic.SESSION_LIFECYCLE, sessionId, created);

            await().atMost(WAIT).until(() -> endpoint.received().size() >= 3);
            List<WebhookReceiver.Received> attempts = endpoint.received();
            for (var attempt : attempts) {
                assertArrayEquals(attempts.get(0).body(), attempt.body(), "every attempt carries the same body");
                assertEquals(attempts.get(0).deliveryId(), attempt.deliveryId(), "and the same Nusomi-Delivery-Id");
                assertTrue(attempt.deliveryId().startsWith("dlv_"), attempt.deliveryId());
                assertEquals("application/json", attempt.contentType());
                assertSignedPerSpec(secret, attempt);
            }
            assertTrue(Duration.ofNanos(attempts.get(1).nanos() - attempts.get(0).nanos()).compareTo(Duration.ofSeconds(1)) >= 0,
                    "the 2nd attempt waits the schedule's first step (1 s in tests)");
            assertTrue(Duration.ofNanos(attempts.get(2).nanos() - attempts.get(1).nanos()).compareTo(Duration.ofSeconds(2)) >= 0,
                    "the 3rd attempt waits the schedule's second step (2 s in tests)");

            JsonNode body = JSON.readTree(attempts.get(0).body());
            assertTrue(body.path("id").asText().startsWith("evt_"), body.toString());
            assertEquals("session.created", body.path("type").asText());
            assertEquals(created.getAt(), Instant.parse(body.path("created_at").asText()));
            JsonNode data = body.path("data");
            assertEquals(sessionId, data.path("id").asText());
            assertEquals("created", data.path("status").asText());
            assertEquals("process_invoice", data.path("workflow").asText());
            assertEquals("human", data.path("actor").path("kind").asText());
            assertEquals("acme", data.path("metadata").path("customer").asText());
            assertTrue(data.has("frame_count") && data.has("sealed_at"), "snake_case, nulls included: " + data);

            // the endpoint's 200 reaches us before the service records it: wait for the record, not the answer
            await().atMost(WAIT).until(() -> "succeeded".equals(delivery(attempts.get(0).deliveryId()).getString("status")));
            Row delivery = delivery(attempts.get(0).deliveryId());
            assertEquals(3, delivery.getInteger("attempt_count"));
            assertEquals(List.of(500, 500, 200), attemptCodes(attempts.get(0).deliveryId()));
            String exposition;
            try (var in = metrics.openStream()) {
                exposition = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(exposition.contains("nusomi_manifest_service_webhook_attempts_total{outcome=\"pending\""), "retries counted");
            assertTrue(exposition.contains("nusomi_manifest_service_webhook_attempts_total{outcome=\"succeeded\""), exposition);

            // A re-consumed record (same transition) neither queues nor sends anything again.
            TestKafka.send(Topic.SESSION_LIFECYCLE, sessionId, created);
            TestKafka.send(Topic.SESSION_LIFECYCLE, sessionId, lifecycle(workspace, sessionId, SessionStatus.sealed));
            await().atMost(WAIT).until(() -> endpoint.received().size() >= 4);
            assertEquals("session.sealed", JSON.readTree(endpoint.received().get(3).body()).path("type").asText());
            assertEquals(1, count("SELECT count(*) FROM manifest.webhook_deliveries d JOIN manifest.webhook_events e "
                    + "ON e.id = d.event_id WHERE e.source_key = $1", sessionId + ":created"));
            assertEquals(4, endpoint.received().size(), "a 2xx delivery is not sent again");
            assertEquals(0, otherWorkspace.received().size(), "another workspace's endpoint sees nothing");
        }
    }

    @Test
    void aRestartOfTheDelivererBetweenAttemptsLosesNothing() throws Exception {
        String workspace = IdPrefix.WORKSPACE.newId();
        try (var endpoint = new WebhookReceiver(503, 200)) {
            String secret = webhook(workspace, endpoint.url(), "session.stopped");
            String sessionId = IdPrefix.SESSION.newId();
            TestKafka.send(Topic.SESSION_LIFECYCLE, sessionId, lifecycle(workspace, sessionId, SessionStatus.stopped));
            await().atMost(WAIT).until(() -> endpoint.received().size() == 1);
            String deliveryId = endpoint.received().get(0).deliveryId();
            await().atMost(WAIT).until(() -> delivery(deliveryId).getInteger("attempt_count") == 1);

            scheduler.stop();
            try {
                // Past the 1 s step: with no deliverer running, the due delivery waits in the database.
                Thread.sleep(1500);
                assertEquals(1, endpoint.received().size());
                assertEquals("pending", delivery(deliveryId).getString("status"));

                // Another deliverer (a second instance, or this one restarted) on the same database takes it over.
                var second = new WebhookDeliverer(queue, secrets, new WebhookSender(config.requestTimeout(), true),
                        config.retrySchedule(), config.lease(), config.batchSize(), new SimpleMeterRegistry());
                await().atMost(WAIT).until(() -> {
                    second.runOnce();
                    return endpoint.received().size() == 2;
                });
            } finally {
                scheduler.start();
            }
            var retried = endpoint.received().get(1);
            assertEquals(deliveryId, retried.deliveryId());
            assertArrayEquals(endpoint.received().get(0).body(), retried.body());
            assertSignedPerSpec(secret, retried);
            await().atMost(WAIT).until(() -> "succeeded".equals(delivery(deliveryId).getString("status")));
            assertEquals(2, delivery(deliveryId).getInteger("attempt_count"));
        }
    }

    @Test
    void aCompletedExportIsAnnouncedWithTheExportAsTheApiShowsIt() throws Exception {
        String workspace = IdPrefix.WORKSPACE.newId();
        String exportId = IdPrefix.EXPORT.newId();
        Instant requestedAt = Instant.parse("2026-05-07T14:08:11.250Z");
        try (var endpoint = new WebhookReceiver()) {
            String secret = webhook(workspace, endpoint.url(), "export.queued", "export.completed");
            // the gateway stores the request as it understood it before publishing it; GET /v1/exports/{id} renders it
            String understood = "{\"filter\":{\"outcome\":[\"success\"],\"since\":\"2026-05-01T00:00:00Z\"},"
                    + "\"frame_sampling\":{\"mode\":\"on_action\",\"max_per_session\":200},"
                    + "\"destination\":{\"kind\":\"signed_url\"}}";
            gatewayExport(workspace, exportId, "[\"process_invoice\"]", understood, requestedAt);
            TestKafka.send(Topic.EXPORT_REQUESTS, exportId, ExportRequest.newBuilder().setExportId(exportId)
                    .setWorkspaceId(workspace).setWorkflows(List.of("process_invoice")).setFilter(ExportFilter.newBuilder().build())
                    .setFormat(ExportFormat.jsonl).setFrameSampling(FrameSampling.newBuilder().build())
                    .setDestination(SignedUrlDestination.newBuilder().build()).setTag("process_invoice@v1").setShardSizeBytes(1024)
                    .setRequestedAt(requestedAt).build());
            await().atMost(WAIT).until(() -> endpoint.received().size() == 1);
            JsonNode queued = JSON.readTree(endpoint.received().get(0).body());
            assertEquals("export.queued", queued.path("type").asText());
            assertEquals("queued", queued.path("data").path("status").asText());
            JsonNode asRequested = JSON.readTree(understood);
            for (String field : List.of("filter", "frame_sampling", "destination")) {
                assertEquals(asRequested.get(field), queued.path("data").get(field), "export.queued " + field);
            }
            assertEquals(JSON.readTree("[\"process_invoice\"]"), queued.path("data").get("workflow"),
                    "the workflow as requested (a list of one here), as GET /v1/exports/{id} shows it");

            // The plan waits for two shards that never come: the finisher leaves the export running.
            ExportPlan plan = ExportPlan.newBuilder().setWorkflows(List.of("process_invoice")).setFormat(ExportFormat.jsonl)
                    .setTag("process_invoice@v1").setShardSizeBytes(1024).setDestination(SignedUrlDestination.newBuilder().build())
                    .setFilterSummary("{}").setRows(3).setShards(2).setFrames(2).setActions(3).build();
            TestKafka.send(Topic.EXPORT_STATUS, exportId, status(workspace, exportId, ExportState.running).setPlan(plan).build());
            ExportStatus completed = status(workspace, exportId, ExportState.completed).setShardsDone(2)
                    .setManifestUrl("s3://customer-training/nusomi/manifest.json").build();
            TestKafka.send(Topic.EXPORT_STATUS, exportId, completed);
            TestKafka.send(Topic.EXPORT_STATUS, exportId, completed);

            await().atMost(WAIT).until(() -> endpoint.received().size() >= 2);
            var request = endpoint.received().get(1);
            assertSignedPerSpec(secret, request);
            JsonNode body = JSON.readTree(request.body());
            assertEquals("export.completed", body.path("type").asText());
            JsonNode data = body.path("data");
            assertEquals(exportId, data.path("id").asText());
            assertEquals("completed", data.path("status").asText());
            assertEquals("s3://customer-training/nusomi/manifest.json", data.path("manifest_url").asText());
            assertEquals(JSON.readTree("[\"process_invoice\"]"), data.get("workflow"));
            for (String field : List.of("filter", "frame_sampling", "destination")) {
                assertEquals(asRequested.get(field), data.get(field), "export.completed " + field);
            }
            assertEquals("jsonl", data.path("format").asText());
            assertEquals("process_invoice@v1", data.path("tag").asText());
            assertEquals(3, data.path("rows").asLong());
            assertEquals(2, data.path("shards").asInt());
            assertEquals(2, data.path("shards_done").asInt());
            assertTrue(data.path("error").isNull());
            assertEquals(requestedAt, Instant.parse(data.path("created_at").asText()));
            await().atMost(WAIT).until(() -> "succeeded".equals(delivery(request.deliveryId()).getString("status")));
            assertEquals(1, count("SELECT count(*) FROM manifest.webhook_events WHERE source_key = $1",
                    "export.completed:" + exportId), "completed twice on the topic, announced once");
            assertEquals(2, endpoint.received().size());
        }
    }

    @Test
    void anEndpointThatNeverSucceedsEndsFailedAfterTheSchedule() throws Exception {
        String workspace = IdPrefix.WORKSPACE.newId();
        try (var endpoint = new WebhookReceiver(500, 500, 500, 500, 500)) {
            webhook(workspace, endpoint.url(), "export.failed");
            String exportId = IdPrefix.EXPORT.newId();
            TestKafka.send(Topic.EXPORT_STATUS, exportId, status(workspace, exportId, ExportState.failed)
                    .setError(new ExportError("internal_error", "1 of 2 shards failed")).build());
            await().atMost(WAIT).until(() -> endpoint.received().size() == 4);
            String deliveryId = endpoint.received().get(0).deliveryId();
            await().atMost(WAIT).until(() -> "failed".equals(delivery(deliveryId).getString("status")));
            Row row = delivery(deliveryId);
            assertEquals(4, row.getInteger("attempt_count"), "1 + the 3 steps of the test schedule");
            assertEquals(500, row.getInteger("last_response_code"));
            assertEquals(null, row.getValue("next_attempt_at"));
            JsonNode data = JSON.readTree(endpoint.received().get(0).body()).path("data");
            assertEquals("internal_error", data.path("error").path("code").asText());
        }
    }

    @Test
    void a2xxAfterTheTimeoutIsAFailedAttempt() throws Exception {
        String workspace = IdPrefix.WORKSPACE.newId();
        try (var endpoint = new WebhookReceiver(WebhookReceiver.TOO_LATE)) {
            webhook(workspace, endpoint.url(), "session.deleted");
            String sessionId = IdPrefix.SESSION.newId();
            TestKafka.send(Topic.SESSION_LIFECYCLE, sessionId, lifecycle(workspace, sessionId, SessionStatus.deleted));
            await().atMost(WAIT).until(() -> endpoint.received().size() == 2);
            String deliveryId = endpoint.received().get(0).deliveryId();
            await().atMost(WAIT).until(() -> "succeeded".equals(delivery(deliveryId).getString("status")));
            var attempts = pool.preparedQuery("SELECT response_code, error FROM manifest.webhook_attempts "
                    + "WHERE delivery_id = $1 ORDER BY attempt").execute(Tuple.of(deliveryId)).await().atMost(WAIT);
            var first = attempts.iterator().next();
            assertEquals(null, first.getInteger("response_code"), "no answer within the timeout counts as none");
            assertTrue(first.getString("error").startsWith("no answer within"), first.getString("error"));
            assertEquals(2, delivery(deliveryId).getInteger("attempt_count"));
        }
    }

    /**
     * SPEC §7 alone, with the JDK's Mac: {@code Nusomi-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>},
     * signed at the attempt's own time.
     */
    private static void assertSignedPerSpec(String secret, WebhookReceiver.Received request) throws Exception {
        String header = request.signature();
        assertTrue(header != null && header.matches("t=\\d+,v1=[0-9a-f]{64}"), String.valueOf(header));
        String t = header.substring(2, header.indexOf(','));
        String v1 = header.substring(header.indexOf("v1=") + 3);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = mac.doFinal(request.body());
        assertTrue(MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1)), "v1 is the HMAC of t.body");
        assertTrue(Math.abs(Long.parseLong(t) - request.at().getEpochSecond()) <= 5, "t is the attempt's time");
    }

    /** An endpoint as the gateway stores it; answers its secret. */
    private String webhook(String workspace, String url, String... events) {
        String id = IdPrefix.WEBHOOK.newId();
        String secret = WebhookSecrets.mint();
        pool.preparedQuery("INSERT INTO gateway.webhooks (id, workspace_id, url, events, description, secret_sealed, created_at) "
                        + "VALUES ($1, $2, $3, $4, NULL, $5, now())")
                .execute(Tuple.of(id, workspace, url, events, secrets.encrypt(id, secret))).await().atMost(WAIT);
        return secret;
    }

    private static SessionLifecycle lifecycle(String workspace, String sessionId, SessionStatus to) {
        Instant at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        var snapshot = SessionSnapshot.newBuilder().setId(sessionId).setWorkspaceId(workspace).setWorkflow("process_invoice")
                .setStatus(to).setActor(new Actor(ActorKind.human, null)).setSurface(Surface.web)
                .setMetadata("{\"customer\":\"acme\"}").setCreatedAt(at).build();
        return SessionLifecycle.newBuilder().setTransitionId(sessionId + ":" + to.name()).setSessionId(sessionId)
                .setWorkspaceId(workspace).setToStatus(to).setSession(snapshot).setAt(at).build();
    }

    private static ExportStatus.Builder status(String workspace, String exportId, ExportState state) {
        return ExportStatus.newBuilder().setExportId(exportId).setWorkspaceId(workspace).setStatus(state)
                .setAt(Instant.now().atOffset(ZoneOffset.UTC).toInstant());
    }

    /** The gateway's row of an export (and its workspace), as api-gateway writes it before publishing the request. */
    private void gatewayExport(String workspace, String exportId, String workflowJson, String requestJson, Instant at) {
        pool.preparedQuery("INSERT INTO gateway.workspaces (id, name, created_at) VALUES ($1, 'test', now()) "
                + "ON CONFLICT DO NOTHING").execute(Tuple.of(workspace)).await().atMost(WAIT);
        pool.preparedQuery("INSERT INTO gateway.exports (id, workspace_id, workflow, workflows, format, tag, "
                        + "shard_size_bytes, request, status, created_at, updated_at) VALUES ($1, $2, ($3::text)::jsonb, "
                        + "ARRAY['process_invoice'], 'jsonl', 'process_invoice@v1', 1024, ($4::text)::jsonb, 'queued', $5, $5)")
                .execute(Tuple.of(exportId, workspace, workflowJson, requestJson, at.atOffset(ZoneOffset.UTC)))
                .await().atMost(WAIT);
    }

    private Row delivery(String id) {
        return pool.preparedQuery("SELECT * FROM manifest.webhook_deliveries WHERE id = $1").execute(Tuple.of(id))
                .await().atMost(WAIT).iterator().next();
    }

    private List<Integer> attemptCodes(String id) {
        var rows = pool.preparedQuery("SELECT response_code FROM manifest.webhook_attempts WHERE delivery_id = $1 ORDER BY attempt")
                .execute(Tuple.of(id)).await().atMost(WAIT);
        java.util.ArrayList<Integer> codes = new java.util.ArrayList<>();
        rows.forEach(r -> codes.add(r.getInteger("response_code")));
        return codes;
    }

    private long count(String sql, String param) {
        return pool.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(WAIT).iterator().next().getLong(0);
    }
}
