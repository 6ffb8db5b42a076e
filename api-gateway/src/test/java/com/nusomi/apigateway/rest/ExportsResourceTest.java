package com.nusomi.apigateway.rest;

import static com.nusomi.apigateway.support.Api.as;
import static com.nusomi.apigateway.support.Api.map;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.apigateway.support.Api;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.apigateway.support.Kafka;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.ExportRequest;
import com.nusomi.contracts.avro.Outcome;
import com.nusomi.contracts.avro.S3Destination;
import com.nusomi.contracts.avro.SamplingMode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class ExportsResourceTest {
    private static Api.Workspace acme;

    /** RestAssured knows the test port only per test, hence not a static @BeforeAll. */
    @BeforeEach
    void setUp() {
        if (acme != null) {
            return;
        }
        acme = Api.newWorkspace("exports");
    }

    static Map<String, Object> s3() {
        return map("kind", "s3", "bucket", "acme-training", "prefix", "nusomi/v1/", "region", "us-east-1",
                "endpoint", "http://127.0.0.1:9000");
    }

    @Test
    void aValidRequestIsQueuedPublishedAndReadable() {
        ExportRequest published;
        String id;
        Instant before = Instant.now();
        try (var tail = Kafka.fromEnd(Topic.EXPORT_REQUESTS.topicName(), Kafka.avroDeserializer())) {
            var created = as(acme.adminKey()).body(map(
                            "workflow", "process_invoice",
                            "filter", map("outcome", "success", "since", "30d", "until", "2099-01-01T00:00:00Z",
                                    "actor.kind", "human", "min_duration_ms", 10),
                            "format", "jsonl",
                            "frame_sampling", map("mode", "event_only", "keep_action_frames", true),
                            "destination", s3(),
                            "tag", "process_invoice@v1",
                            "shard_size_bytes", 2048))
                    .post("/v1/exports").then().statusCode(202)
                    .body("id", matchesPattern("^exp_[0-9A-Z]{26}$"))
                    .body("status", equalTo("queued"))
                    .body("manifest_url", nullValue())
                    .body("created_at", notNullValue())
                    .extract();
            id = created.path("id");
            var record = tail.awaitRecord(r -> id.equals(r.key()));
            published = assertInstanceOf(ExportRequest.class, record.value());
        }
        assertEquals(id, published.getExportId());
        assertEquals(acme.id(), published.getWorkspaceId());
        assertEquals(List.of("process_invoice"), published.getWorkflows());
        assertEquals(ExportFormat.jsonl, published.getFormat());
        assertEquals(Outcome.success, published.getFilter().getOutcome());
        assertEquals(ActorKind.human, published.getFilter().getActorKind());
        assertEquals(10L, published.getFilter().getMinDurationMs());
        Instant since = published.getFilter().getSince();
        assertTrue(Duration.between(since, before.minus(Duration.ofDays(30))).abs().toSeconds() < 60, "since = now - 30d: " + since);
        assertEquals(Instant.parse("2099-01-01T00:00:00Z"), published.getFilter().getUntil());
        assertEquals(SamplingMode.event_only, published.getFrameSampling().getMode());
        var destination = assertInstanceOf(S3Destination.class, published.getDestination());
        assertEquals("acme-training", destination.getBucket());
        assertEquals("nusomi/v1/", destination.getPrefix());
        assertEquals("http://127.0.0.1:9000", destination.getEndpoint());
        assertNull(destination.getRoleArn());
        assertEquals("process_invoice@v1", published.getTag());
        assertEquals(2048L, published.getShardSizeBytes());

        as(acme.adminKey()).get("/v1/exports/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("queued"))
                .body("workflow", equalTo("process_invoice"))
                .body("format", equalTo("jsonl"))
                .body("tag", equalTo("process_invoice@v1"))
                .body("rows", nullValue())
                .body("shards", nullValue())
                .body("shard_size_bytes", equalTo(2048))
                .body("frames", nullValue())
                .body("actions", nullValue())
                .body("shards_done", equalTo(0))
                .body("manifest_url", nullValue())
                .body("error", nullValue())
                .body("created_at", notNullValue());
    }

    @Test
    void defaultsAreParquetEventOnlyAnd256MiBShards() {
        try (var tail = Kafka.fromEnd(Topic.EXPORT_REQUESTS.topicName(), Kafka.avroDeserializer())) {
            String id = as(acme.adminKey()).body(map("workflow", List.of("wf_a", "wf_b"), "destination", map("kind", "signed_url")))
                    .post("/v1/exports").then().statusCode(202).extract().path("id");
            var request = (ExportRequest) tail.awaitRecord(r -> id.equals(r.key())).value();
            assertEquals(ExportFormat.parquet, request.getFormat());
            assertEquals(List.of("wf_a", "wf_b"), request.getWorkflows());
            assertEquals(SamplingMode.event_only, request.getFrameSampling().getMode());
            assertEquals(256L * 1024 * 1024, request.getShardSizeBytes());
            as(acme.adminKey()).get("/v1/exports/" + id).then().body("workflow", equalTo(List.of("wf_a", "wf_b")));
        }
    }

    @Test
    void requestsAreValidatedWithTheSpecCodes() {
        rejected(map("destination", s3()), "invalid_workflow_slug", "workflow");
        rejected(map("workflow", "Bad Slug", "destination", s3()), "invalid_workflow_slug", "workflow");
        rejected(map("workflow", List.of("ok_one", 3), "destination", s3()), "invalid_workflow_slug", "workflow");
        rejected(map("workflow", "wf", "format", "csv", "destination", s3()), "unsupported_format", "format");
        rejected(map("workflow", "wf"), "invalid_request", "destination");
        rejected(map("workflow", "wf", "destination", map("bucket", "b")), "invalid_request", "destination.kind");
        rejected(map("workflow", "wf", "destination", map("kind", "ftp")), "invalid_request", "destination.kind");
        rejected(map("workflow", "wf", "destination", map("kind", "s3")), "invalid_request", "destination.bucket");
        rejected(map("workflow", "wf", "destination", map("kind", "s3", "bucket", "b", "endpoint", "ftp://x")),
                "invalid_request", "destination.endpoint");
        rejected(map("workflow", "wf", "destination", s3(), "filter", map("outcome", "great")), "invalid_filter", "filter.outcome");
        rejected(map("workflow", "wf", "destination", s3(), "filter", map("since", "last tuesday")), "invalid_filter", "filter.since");
        rejected(map("workflow", "wf", "destination", s3(), "filter", map("until", "2026-13-45")), "invalid_filter", "filter.until");
        rejected(map("workflow", "wf", "destination", s3(), "filter", map("since", "1d", "until", "7d")), "invalid_filter", "filter.since");
        rejected(map("workflow", "wf", "destination", s3(), "filter", map("actor.kind", "alien")), "invalid_filter", "filter.actor.kind");
        rejected(map("workflow", "wf", "destination", s3(), "filter", map("colour", "red")), "invalid_filter", "filter.colour");
        rejected(map("workflow", "wf", "destination", s3(), "filter", map("min_event_confidence", 2)), "invalid_filter",
                "filter.min_event_confidence");
        rejected(map("workflow", "wf", "destination", s3(), "shard_size_bytes", 10), "invalid_request", "shard_size_bytes");
        rejected(map("workflow", "wf", "destination", s3(), "frame_sampling", map("mode", "sometimes")), "invalid_request",
                "frame_sampling.mode");
        rejected(map("workflow", "wf", "destination", s3(), "frame_sampling", map("mode", "every_n_ms")), "invalid_request",
                "frame_sampling.interval_ms");
    }

    @Test
    void everySpecCodeIsAnsweredAtOnceAndNothingIsQueued() {
        var workspace = Api.newWorkspace("exports-refused");
        rejected(workspace, map("workflow", "wf", "destination", s3(), "format", "xlsx"), "unsupported_format", "format");
        rejected(workspace, map("workflow", "Bad!", "destination", s3()), "invalid_workflow_slug", "workflow");
        rejected(workspace, map("workflow", "wf", "destination", s3(), "filter", map("path", "pth_01J00000000000000000000000")),
                "invalid_filter", "filter.path");
        rejected(workspace, map("workflow", "wf", "destination", s3(), "filter", map("exclude_session_ids", List.of("frm_1"))),
                "invalid_filter", "filter.exclude_session_ids");
        rejected(workspace, map("workflow", "wf", "destination", map("kind", "azure_blob", "account", "acct")),
                "invalid_request", "destination.container");
        rejected(workspace, map("workflow", "wf", "destination", map("kind", "s3", "bucket", "b", "role_arn", "x")),
                "invalid_request", "destination.role_arn");
        rejected(workspace, map("workflow", "wf", "destination", s3(), "shard_size_bytes", "256MiB"),
                "invalid_request", "shard_size_bytes");
        as(workspace.adminKey()).get("/v1/exports").then().statusCode(200).body("data.size()", equalTo(0));
    }

    @Test
    void theExportShowsTheRequestAsUnderstood() {
        String id = as(acme.adminKey()).body(map("workflow", "wf_seen",
                        "filter", map("since", "2026-01-01", "actor", map("kind", "model"), "min_event_confidence", 0.9),
                        "frame_sampling", map("mode", "every_n_ms", "interval_ms", 100, "keep_action_frames", false),
                        "destination", map("kind", "gcs", "bucket", "b", "prefix", "p/", "service_account", "sa@x.iam.gserviceaccount.com")))
                .post("/v1/exports").then().statusCode(202).extract().path("id");

        as(acme.adminKey()).get("/v1/exports/" + id).then().statusCode(200)
                .body("format", equalTo("parquet"))
                .body("shard_size_bytes", equalTo(268_435_456))
                .body("filter.since", equalTo("2026-01-01T00:00:00Z"))
                .body("filter.actor_kind", equalTo("model"))
                .body("filter.min_event_confidence", equalTo(0.9f))
                .body("frame_sampling.mode", equalTo("every_n_ms"))
                .body("frame_sampling.interval_ms", equalTo(100))
                .body("frame_sampling.keep_action_frames", equalTo(false))
                .body("destination.kind", equalTo("gcs"))
                .body("destination.service_account", equalTo("sa@x.iam.gserviceaccount.com"));
    }

    @Test
    void listingByTagReturnsThatVersionWithItsManifestUrlAndPagesWithACursor() {
        var workspace = Api.newWorkspace("exports-tags");
        String v1 = as(workspace.adminKey()).body(map("workflow", "wf", "destination", s3(), "tag", "wf@v1"))
                .post("/v1/exports").then().statusCode(202).extract().path("id");
        String v2 = as(workspace.adminKey()).body(map("workflow", "wf", "destination", s3(), "tag", "wf@v2"))
                .post("/v1/exports").then().statusCode(202).extract().path("id");
        String manifest = "s3://acme-training/nusomi/v1/manifest.json";
        var plan = com.nusomi.contracts.avro.ExportPlan.newBuilder().setWorkflows(List.of("wf")).setFormat(ExportFormat.parquet)
                .setShardSizeBytes(1024).setDestination(new com.nusomi.contracts.avro.SignedUrlDestination(null))
                .setFilterSummary("{}").setRows(7).setShards(2).setFrames(6).setActions(5).build();
        for (var state : List.of(com.nusomi.contracts.avro.ExportState.running, com.nusomi.contracts.avro.ExportState.completed)) {
            var status = com.nusomi.contracts.avro.ExportStatus.newBuilder().setExportId(v1).setWorkspaceId(workspace.id())
                    .setStatus(state).setPlan(plan).setShardsDone(state == com.nusomi.contracts.avro.ExportState.completed ? 2 : 0)
                    .setManifestUrl(state == com.nusomi.contracts.avro.ExportState.completed ? manifest : null)
                    .setAt(Instant.now()).build();
            Kafka.send(Topic.EXPORT_STATUS.topicName(), v1, status);
        }

        org.awaitility.Awaitility.await().atMost(Kafka.WAIT).untilAsserted(() -> as(workspace.adminKey())
                .get("/v1/exports?tag=wf@v1").then().statusCode(200)
                .body("data.id", equalTo(List.of(v1)))
                .body("data[0].status", equalTo("completed"))
                .body("data[0].manifest_url", equalTo(manifest))
                .body("data[0].rows", equalTo(7))
                .body("data[0].shards", equalTo(2))
                .body("data[0].shards_done", equalTo(2))
                .body("data[0].frames", equalTo(6))
                .body("data[0].actions", equalTo(5))
                .body("has_more", equalTo(false)));
        as(workspace.adminKey()).get("/v1/exports?status=completed").then().body("data.id", equalTo(List.of(v1)));

        var first = as(workspace.adminKey()).get("/v1/exports?limit=1").then().statusCode(200)
                .body("data.id", equalTo(List.of(v2))).body("has_more", equalTo(true)).extract();
        String cursor = first.path("next_cursor");
        as(workspace.adminKey()).get("/v1/exports?limit=1&cursor=" + cursor).then().statusCode(200)
                .body("data.id", equalTo(List.of(v1))).body("has_more", equalTo(false));
    }

    private static void rejected(Api.Workspace workspace, Map<String, Object> body, String code, String param) {
        as(workspace.adminKey()).body(body).post("/v1/exports").then().statusCode(400)
                .body("error.code", equalTo(code)).body("error.param", equalTo(param))
                .body("error.request_id", matchesPattern("^req_.+"));
    }

    private static void rejected(Map<String, Object> body, String code, String param) {
        as(acme.adminKey()).body(body).post("/v1/exports").then().statusCode(400)
                .body("error.code", equalTo(code)).body("error.param", equalTo(param));
    }

    @Test
    void anotherWorkspacesExportDoesNotExistAndListsFilter() {
        var workspace = Api.newWorkspace("exports-list");
        String first = as(workspace.adminKey()).body(map("workflow", "wf_x", "destination", s3(), "tag", "v1"))
                .post("/v1/exports").then().statusCode(202).extract().path("id");
        String second = as(workspace.adminKey()).body(map("workflow", List.of("wf_x", "wf_y"), "destination", s3()))
                .post("/v1/exports").then().statusCode(202).extract().path("id");

        as(workspace.adminKey()).get("/v1/exports").then().statusCode(200).body("data.id", equalTo(List.of(second, first)));
        as(workspace.adminKey()).get("/v1/exports?workflow=wf_y").then().body("data.id", equalTo(List.of(second)));
        as(workspace.adminKey()).get("/v1/exports?tag=v1").then().body("data.id", equalTo(List.of(first)));
        as(workspace.adminKey()).get("/v1/exports?status=queued&limit=1").then()
                .body("data.id", equalTo(List.of(second))).body("has_more", equalTo(true));
        as(workspace.adminKey()).get("/v1/exports?status=done").then().statusCode(400).body("error.param", equalTo("status"));

        as(acme.adminKey()).get("/v1/exports/" + first).then().statusCode(404).body("error.code", equalTo("export_not_found"));
        as(acme.adminKey()).get("/v1/exports/exp_nonsense").then().statusCode(404);
        as(acme.adminKey()).get("/v1/exports?workflow=wf_y").then().body("data.size()", equalTo(0));
    }
}
