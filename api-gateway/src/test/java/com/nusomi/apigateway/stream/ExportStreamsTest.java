package com.nusomi.apigateway.stream;

import static com.nusomi.apigateway.support.Api.as;
import static com.nusomi.apigateway.support.Api.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.apigateway.mapping.Json;
import com.nusomi.apigateway.support.Api;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.apigateway.support.Kafka;
import com.nusomi.apigateway.support.SseClient;
import com.nusomi.apigateway.support.SseClient.Frame;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.ExportPlan;
import com.nusomi.contracts.avro.ExportState;
import com.nusomi.contracts.avro.ExportStatus;
import com.nusomi.contracts.avro.SignedUrlDestination;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/exports/{id}/stream}: status and shards_done progress from nusomi.exports.status, ending at completed. */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class ExportStreamsTest {
    private static Api.Workspace acme;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void setUp() {
        if (acme == null) {
            acme = Api.newWorkspace("export-streams");
        }
    }

    private String newExport() {
        return as(acme.adminKey()).body(map("workflow", "process_invoice", "format", "jsonl",
                        "destination", map("kind", "signed_url")))
                .post("/v1/exports").then().statusCode(202).extract().path("id");
    }

    private static void status(String exportId, ExportState state, int shardsDone, String manifestUrl) {
        ExportPlan plan = ExportPlan.newBuilder().setWorkflows(List.of("process_invoice")).setFormat(ExportFormat.jsonl)
                .setShardSizeBytes(1024).setDestination(new SignedUrlDestination(null)).setFilterSummary("{}")
                .setRows(40).setShards(2).setFrames(40).setActions(40).build();
        Kafka.send(Topic.EXPORT_STATUS.topicName(), exportId, ExportStatus.newBuilder().setExportId(exportId)
                .setWorkspaceId(acme.id()).setStatus(state).setPlan(state == ExportState.queued ? null : plan)
                .setShardsDone(shardsDone).setManifestUrl(manifestUrl).setAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build());
    }

    @Test
    void theStreamShowsProgressAndEndsAtCompleted() {
        String id = newExport();
        try (SseClient stream = SseClient.open(base.toString(), "/v1/exports/" + id + "/stream", acme.adminKey(), null)) {
            assertEquals(200, stream.status(), stream::body);
            Frame queued = stream.next();
            assertEquals("status", queued.event());
            assertEquals(id, Json.parse(queued.data()).path("id").asText());
            assertEquals("queued", Json.parse(queued.data()).path("status").asText());

            status(id, ExportState.running, 0, null);
            status(id, ExportState.running, 0, null);
            status(id, ExportState.running, 1, null);
            status(id, ExportState.completed, 2, "https://example.test/manifest.json");

            JsonNode running = Json.parse(stream.next().data());
            assertEquals("running", running.path("status").asText());
            assertEquals(0, running.path("shards_done").asInt());
            assertEquals(2, running.path("shards").asInt());
            assertEquals(40, running.path("rows").asInt());
            JsonNode progress = Json.parse(stream.next().data());
            assertEquals(1, progress.path("shards_done").asInt());
            JsonNode completed = Json.parse(stream.next().data());
            assertEquals("completed", completed.path("status").asText());
            assertEquals(2, completed.path("shards_done").asInt());
            assertEquals("https://example.test/manifest.json", completed.path("manifest_url").asText());
            Frame end = stream.next();
            assertEquals("end", end.event());
            assertEquals("completed", Json.parse(end.data()).path("status").asText());
            assertTrue(stream.awaitEnd());
        }
        // a finished export's stream shows it once and ends
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                "completed".equals(as(acme.adminKey()).get("/v1/exports/" + id).path("status")));
        try (SseClient done = SseClient.open(base.toString(), "/v1/exports/" + id + "/stream", acme.adminKey(), null)) {
            assertEquals("completed", Json.parse(done.next().data()).path("status").asText());
            assertEquals("end", done.next().event());
        }
    }

    @Test
    void anotherWorkspacesExportIsNotFound() {
        String id = newExport();
        Api.Workspace other = Api.newWorkspace("export-streams-other");
        try (SseClient stream = SseClient.open(base.toString(), "/v1/exports/" + id + "/stream", other.adminKey(), null)) {
            assertEquals(404, stream.status());
            assertEquals("export_not_found", Json.parse(stream.body()).path("error").path("code").asText());
        }
    }
}
