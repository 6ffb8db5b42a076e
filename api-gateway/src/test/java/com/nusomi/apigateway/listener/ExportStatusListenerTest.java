package com.nusomi.apigateway.listener;

import static com.nusomi.apigateway.support.Api.as;
import static com.nusomi.apigateway.support.Api.map;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.nusomi.apigateway.support.Api;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.apigateway.support.Kafka;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.ExportError;
import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.ExportPlan;
import com.nusomi.contracts.avro.ExportState;
import com.nusomi.contracts.avro.ExportStatus;
import com.nusomi.contracts.avro.SignedUrlDestination;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class ExportStatusListenerTest {
    private static Api.Workspace acme;

    /** RestAssured knows the test port only per test, hence not a static @BeforeAll. */
    @BeforeEach
    void setUp() {
        if (acme != null) {
            return;
        }
        acme = Api.newWorkspace("export-status");
    }

    private static String newExport() {
        return as(acme.adminKey()).body(map("workflow", "wf", "format", "jsonl", "destination", map("kind", "signed_url")))
                .post("/v1/exports").then().statusCode(202).extract().path("id");
    }

    private static ExportStatus status(String exportId, ExportState state, ExportPlan plan, int shardsDone, String manifestUrl,
                                       ExportError error) {
        return ExportStatus.newBuilder().setExportId(exportId).setWorkspaceId(acme.id()).setStatus(state).setPlan(plan)
                .setShardsDone(shardsDone).setManifestUrl(manifestUrl).setError(error)
                .setAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
    }

    private static ExportPlan plan() {
        return ExportPlan.newBuilder().setWorkflows(List.of("wf")).setFormat(ExportFormat.jsonl).setShardSizeBytes(1024)
                .setDestination(new SignedUrlDestination(null)).setFilterSummary("{}")
                .setRows(5).setShards(3).setFrames(5).setActions(5).build();
    }

    private static void send(ExportStatus status) {
        Kafka.send(Topic.EXPORT_STATUS.topicName(), status.getExportId(), status);
    }

    @Test
    void aPoisonRecordIsDeadLetteredAndTheNextStatusStillApplies() {
        String id = newExport();
        String poisonKey = "poison-" + id;
        Kafka.sendRaw(Topic.EXPORT_STATUS.topicName(), poisonKey, "not an export status".getBytes(StandardCharsets.UTF_8));
        send(status(id, ExportState.running, plan(), 0, null, null));

        try (var dlq = Kafka.dlq(Topic.EXPORT_STATUS)) {
            var dead = dlq.awaitRecord(r -> poisonKey.equals(r.key()));
            assertEquals("api-gateway", new String(dead.headers().lastHeader(Topic.DLQ_CONSUMER_HEADER).value(), StandardCharsets.UTF_8));
            var reason = new String(dead.headers().lastHeader(Topic.DLQ_REASON_HEADER).value(), StandardCharsets.UTF_8);
            assertFalse(reason.isBlank());
            assertEquals("not an export status", new String(dead.value(), StandardCharsets.UTF_8));
        }
        await().atMost(Kafka.WAIT).untilAsserted(() -> as(acme.adminKey()).get("/v1/exports/" + id).then()
                .body("status", equalTo("running")).body("rows", equalTo(5)).body("shards", equalTo(3))
                .body("frames", equalTo(5)).body("actions", equalTo(5)));
    }

    @Test
    void statusNeverGoesBackwardsAndCompletedIsFinal() {
        String id = newExport();
        send(status(id, ExportState.running, plan(), 0, null, null));
        send(status(id, ExportState.running, null, 2, null, null));
        send(status(id, ExportState.completed, null, 3, "https://objects.example/manifest.json", null));
        send(status(id, ExportState.running, null, 1, null, null));
        send(status(id, ExportState.failed, null, 0, null, new ExportError("internal_error", "late failure")));
        // a poison record with the same key lands on the same partition: once it is dead-lettered, all above were applied
        String marker = "marker-" + id;
        Kafka.sendRaw(Topic.EXPORT_STATUS.topicName(), id, marker.getBytes(StandardCharsets.UTF_8));
        try (var dlq = Kafka.dlq(Topic.EXPORT_STATUS)) {
            dlq.awaitRecord(r -> marker.equals(new String(r.value(), StandardCharsets.UTF_8))); // fails if never dead-lettered
        }
        await().atMost(Kafka.WAIT).untilAsserted(() -> as(acme.adminKey()).get("/v1/exports/" + id).then()
                .body("status", equalTo("completed"))
                .body("rows", equalTo(5))
                .body("shards_done", equalTo(3))
                .body("manifest_url", equalTo("https://objects.example/manifest.json"))
                .body("error", equalTo(null)));
    }

    @Test
    void aFailedExportShowsItsError() {
        String id = newExport();
        send(status(id, ExportState.failed, null, 0, null, new ExportError("unsupported_format", "parquet is not supported yet")));
        await().atMost(Kafka.WAIT).untilAsserted(() -> as(acme.adminKey()).get("/v1/exports/" + id).then()
                .body("status", equalTo("failed"))
                .body("error.code", equalTo("unsupported_format"))
                .body("error.message", equalTo("parquet is not supported yet")));
        as(acme.adminKey()).get("/v1/exports?status=failed").then().body("data.id", hasItem(id));
    }
}
