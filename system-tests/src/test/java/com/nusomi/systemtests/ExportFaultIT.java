package com.nusomi.systemtests;

import static com.nusomi.systemtests.Api.map;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.devstack.internal.Ports;
import com.nusomi.devstack.launch.NusomiService;
import com.nusomi.devstack.launch.ServiceProcess;
import com.nusomi.devstack.testing.TestWebp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Issue 7 item 6, end to end over the public API with the services as child processes: the shard writer killed
 * (SIGKILL) in the middle of an export and started again, and the export still completes with every row exactly
 * once; shard objects left at the destination beforehand are replaced, never appended to; a destination that cannot
 * be reached, or refuses, fails the export with an error naming it, after which the writer serves the next export.
 */
@ExtendWith(RunningPlatform.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExportFaultIT {
    private static final String WORKFLOW = "export_faults";
    private static final String BUCKET = "faults-training";
    private static final int FRAMES = 150;
    private static Api api;
    private static String session;
    /** The image of each frame, by t_ms. */
    private static final Map<Long, byte[]> images = new HashMap<>();

    @BeforeAll
    static void aSealedSessionOfScreenshotSizedFrames(RunningPlatform.Handle platform) {
        Api operator = new Api(platform.gatewayUrl(), platform.operatorKey());
        var workspace = operator.post("/v1/workspaces", map("name", "faults"));
        assertEquals(201, workspace.status(), workspace.toString());
        api = operator.as(workspace.body().path("admin_key").asText());
        platform.s3().createBucket(b -> b.bucket(BUCKET));

        session = ExportShards.startedSession(api, WORKFLOW);
        for (int batch = 0; batch < FRAMES / 50; batch++) {
            List<Object> frames = new ArrayList<>();
            Map<String, byte[]> parts = new HashMap<>();
            for (int i = batch * 50; i < batch * 50 + 50; i++) {
                byte[] image = TestWebp.sized(320, 200, 24 * 1024, i);
                images.put(i * 100L, image);
                frames.add(map("t_ms", i * 100, "image", "f" + i, "viewport", map("w", 320, "h", 200, "scale", 1)));
                parts.put("f" + i, image);
            }
            var uploaded = api.uploadFrames(session, map("frames", frames), parts);
            assertEquals(201, uploaded.status(), uploaded.toString());
        }
        var click = api.post("/v1/sessions/" + session + "/events", map("type", "click", "t_ms", 5_000, "payload", map("x", 1, "y", 2)));
        assertEquals(201, click.status(), click.toString());
        ExportShards.command(api, session, "stop", "stopped", "sealed");
        ExportShards.awaitSession(api, session, Duration.ofSeconds(90));
    }

    @Test
    @Order(1)
    void aShardWriterKilledMidExportIsStartedAgainAndTheExportHasEveryRowOnce(RunningPlatform.Handle platform,
                                                                             @TempDir Path scratch) throws Exception {
        String prefix = "killed-writer/";
        // leftovers of an earlier attempt at the keys this export writes: a re-run must replace them whole
        byte[] leftover = new byte[300 * 1024];
        for (int i = 0; i < 8; i++) {
            String key = prefix + "shard-%06d.tar".formatted(i);
            platform.s3().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(leftover));
        }
        var created = api.post("/v1/exports", map("workflow", WORKFLOW, "format", "webdataset",
                "frame_sampling", map("mode", "all"), "shard_size_bytes", 64 * 1024,
                "destination", map("kind", "s3", "bucket", BUCKET, "prefix", prefix, "region", "us-east-1",
                        "endpoint", platform.s3Endpoint())));
        assertEquals(202, created.status(), created.toString());
        String exportId = created.body().path("id").asText();

        JsonNode running = ExportShards.await(() -> api.get("/v1/exports/" + exportId).body(),
                e -> e.path("shards_done").asInt() >= 3 || !e.path("status").asText().matches("queued|running"),
                "export " + exportId + " writing its shards", Duration.ofMinutes(2));
        ServiceProcess writer = platform.platform().service(NusomiService.SHARD_WRITER);
        ProcessHandle.of(writer.pid()).orElseThrow().destroyForcibly(); // SIGKILL: no shutdown hook, no commit
        assertEquals(137, writer.onExit().get(30, TimeUnit.SECONDS), "killed by SIGKILL");
        JsonNode atKill = api.get("/v1/exports/" + exportId).body();
        assertEquals("running", running.path("status").asText(), "the export was running at the kill: " + running);
        assertEquals("running", atKill.path("status").asText(), "the kill came before the last shard: " + atKill);
        assertTrue(atKill.path("shards_done").asInt() < atKill.path("shards").asInt(), atKill.toString());

        platform.platform().restart(NusomiService.SHARD_WRITER).awaitReady(Duration.ofMinutes(2));
        JsonNode done = ExportShards.awaitExport(api, exportId, Duration.ofMinutes(4));

        assertEquals("completed", done.path("status").asText(), done.toString());
        assertEquals(FRAMES, done.path("rows").asInt());
        assertEquals(done.path("shards").asInt(), done.path("shards_done").asInt());
        assertTrue(done.path("shards").asInt() > 8, "many shards, so that the kill fell in the middle: " + done);
        ExportShards.Stored stored = ExportShards.fetch(platform.s3(), BUCKET, prefix);
        List<ExportShards.Row> rows = ExportShards.rows(stored, scratch);
        List<Long> times = rows.stream().map(ExportShards.Row::tMs).toList();
        List<Long> expected = new ArrayList<>(images.keySet().stream().sorted().toList());
        assertEquals(expected, times, "every frame exactly once, in order");
        for (var row : rows) {
            assertEquals(session, row.sessionId());
            String key = row.imageUrl().substring(("s3://" + BUCKET + "/").length());
            assertArrayEquals(images.get(row.tMs()), platform.s3().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray(),
                    "the image of t_ms " + row.tMs());
        }
    }

    @Test
    @Order(2)
    void anUnreachableDestinationFailsTheExportNamingItAfterRetriesAndTheWriterGoesOn(RunningPlatform.Handle platform)
            throws Exception {
        int closedPort = Ports.free(); // nothing listens there once the probe socket is closed
        var created = api.post("/v1/exports", map("workflow", WORKFLOW, "format", "jsonl",
                "destination", map("kind", "s3", "bucket", BUCKET, "prefix", "unreachable/", "region", "us-east-1",
                        "endpoint", "http://127.0.0.1:" + closedPort)));
        assertEquals(202, created.status(), created.toString());

        JsonNode failed = ExportShards.awaitExport(api, created.body().path("id").asText(), Duration.ofMinutes(3));
        assertEquals("failed", failed.path("status").asText(), failed.toString());
        String message = failed.path("error").path("message").asText();
        assertTrue(message.contains("s3://" + BUCKET + "/unreachable/"), "the error names the destination: " + message);
        assertTrue(message.matches("(?s).*after \\d+ attempts.*"), "the error says the task was retried: " + message);
        assertTrue(!failed.path("error").path("code").asText().isEmpty(), failed.toString());

        assertNextExportCompletes(platform, "after-unreachable/");
    }

    @Test
    @Order(3)
    void aRefusingDestinationFailsTheExportNamingIt(RunningPlatform.Handle platform) throws Exception {
        String missing = "no-such-bucket-" + Long.toHexString(System.nanoTime());
        var created = api.post("/v1/exports", map("workflow", WORKFLOW, "format", "parquet",
                "destination", map("kind", "s3", "bucket", missing, "prefix", "p/", "region", "us-east-1",
                        "endpoint", platform.s3Endpoint())));
        assertEquals(202, created.status(), created.toString());

        JsonNode failed = ExportShards.awaitExport(api, created.body().path("id").asText(), Duration.ofMinutes(3));
        assertEquals("failed", failed.path("status").asText(), failed.toString());
        String message = failed.path("error").path("message").asText();
        assertTrue(message.contains("s3://" + missing + "/p/"), "the error names the destination: " + message);

        assertNextExportCompletes(platform, "after-refusal/");
    }

    /** The writer's consumer went on: a following export completes and its file hashes as the manifest says. */
    private static void assertNextExportCompletes(RunningPlatform.Handle platform, String prefix) throws Exception {
        var next = api.post("/v1/exports", map("workflow", WORKFLOW, "format", "jsonl",
                "destination", map("kind", "s3", "bucket", BUCKET, "prefix", prefix, "region", "us-east-1",
                        "endpoint", platform.s3Endpoint())));
        assertEquals(202, next.status(), next.toString());
        JsonNode done = ExportShards.awaitExport(api, next.body().path("id").asText(), Duration.ofMinutes(2));
        assertEquals("completed", done.path("status").asText(), done.toString());
        assertEquals(1, done.path("rows").asInt(), "event_only: the one click");
        ExportShards.fetch(platform.s3(), BUCKET, prefix);
    }
}
