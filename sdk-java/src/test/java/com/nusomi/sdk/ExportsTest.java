package com.nusomi.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nusomi.sdk.StubServer.Reply;
import com.nusomi.sdk.model.Destination;
import com.nusomi.sdk.model.ExportCreate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** exports.create(...).waitFor() polls until completed, reporting progress; a failed export throws its code. */
class ExportsTest {
    private static final String QUEUED = "{\"id\":\"exp_1\",\"status\":\"queued\",\"manifest_url\":null,\"created_at\":\"2026-12-06T00:00:00Z\"}";

    private static String export(String status, int done, String manifest, String error) {
        return "{\"id\":\"exp_1\",\"status\":\"" + status + "\",\"workflow\":\"wf\",\"format\":\"jsonl\",\"rows\":10,"
                + "\"shards\":2,\"shard_size_bytes\":1000,\"shards_done\":" + done + ",\"manifest_url\":"
                + (manifest == null ? "null" : "\"" + manifest + "\"") + ",\"error\":" + (error == null ? "null" : error)
                + ",\"created_at\":\"2026-12-06T00:00:00Z\"}";
    }

    @Test
    void waitForPollsUntilCompletedAndAnswersTheManifest() throws Exception {
        try (var stub = new StubServer()) {
            stub.on("POST /v1/exports", Reply.json(202, QUEUED));
            stub.on("GET /v1/exports/exp_1", Reply.json(200, export("running", 1, null, null)),
                    Reply.json(200, export("completed", 2, "s3://bucket/datasets/manifest.json", null)));
            var waits = new ArrayList<Duration>();
            List<Integer> progress = new ArrayList<>();
            Export done = stub.client(waits).exports().create(ExportCreate.builder().workflow("wf").format("jsonl")
                    .destination(Destination.signedUrl()).build())
                    .waitFor(Duration.ofMillis(10), null, e -> progress.add(e.shardsDone()));

            assertEquals("completed", done.status());
            assertEquals("s3://bucket/datasets/manifest.json", done.manifestUrl());
            assertEquals(List.of(1, 2), progress);
            assertEquals(List.of(Duration.ofMillis(10)), waits);
            String body = stub.requests("POST", "/v1/exports").get(0).bodyText();
            assertEquals("{\"workflow\":\"wf\",\"format\":\"jsonl\",\"destination\":{\"kind\":\"signed_url\"}}", body);
        }
    }

    @Test
    void aFailedExportThrowsItsErrorCode() throws Exception {
        try (var stub = new StubServer()) {
            stub.on("GET /v1/exports/exp_1", Reply.json(200, export("failed", 0, null,
                    "{\"code\":\"destination_unreachable\",\"message\":\"bucket missing\"}")));
            var client = stub.client(new ArrayList<>());
            var e = assertThrows(NusomiException.class, () -> client.exports().get("exp_1").waitFor());
            assertEquals("destination_unreachable", e.code());
            assertEquals("export exp_1 failed: bucket missing", e.getMessage());
        }
    }
}
