package com.nusomi.systemtests;

import static com.nusomi.systemtests.Api.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.devstack.testing.TestWebp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 item 7: every format × every frame sampling mode, end to end through the seven services, read back with
 * readers this project did not write (DuckDB JDBC, Arrow Java, commons-compress, Jackson). Two small sealed sessions
 * whose frames and events make each mode select a different set of rows; the expected rows are worked out here from
 * SPEC §6's rules, independently of the planner.
 */
@ExtendWith(RunningPlatform.class)
class ExportMatrixIT {
    private static final String WORKFLOW = "export_matrix";
    private static final String BUCKET = "matrix-training";
    /** Frames at t_ms 0, 100 … 700; the image pattern makes 0, 200, 500 and 600 keyframes (their image changed). */
    private static final char[] IMAGES = {'A', 'A', 'B', 'B', 'B', 'C', 'A', 'A'};
    /** Events, each at its frame's t_ms; submit is the only one on a keyframe. */
    private static final Map<Long, String> EVENTS = Map.of(100L, "click", 400L, "input_text", 500L, "submit", 700L, "success");
    private static final long INTERVAL_MS = 250;

    record Mode(String name, boolean keepActionFrames) {}

    @Test
    void everyFormatWithEverySamplingModeGivesTheRowsTheModeSelects(RunningPlatform.Handle platform, @TempDir Path scratch)
            throws Exception {
        Api operator = new Api(platform.gatewayUrl(), platform.operatorKey());
        var workspace = operator.post("/v1/workspaces", map("name", "matrix"));
        assertEquals(201, workspace.status(), workspace.toString());
        Api api = operator.as(workspace.body().path("admin_key").asText());
        platform.s3().createBucket(b -> b.bucket(BUCKET));

        List<String> sessions = List.of(recordSession(api, 0), recordSession(api, 1));
        for (String session : sessions) {
            JsonNode sealed = ExportShards.awaitSession(api, session, Duration.ofSeconds(90));
            assertEquals("success", sealed.path("outcome").asText(), sealed.toString());
        }

        List<Mode> modes = List.of(new Mode("event_only", true), new Mode("every_n_ms", true),
                new Mode("keyframes_only", true), new Mode("all", true));
        Map<String, String> exports = new LinkedHashMap<>(); // "format/mode/keep" → export id; queued together, read after
        for (String format : List.of("parquet", "webdataset", "arrow", "jsonl")) {
            // one key per format: SPEC §4 allows a key 5 exports a minute (burst 10)
            var key = api.post("/v1/keys", map("name", "matrix-" + format, "scopes", List.of("read", "write")));
            assertEquals(201, key.status(), key.toString());
            Api exporter = api.as(key.body().path("key").asText());
            for (Mode mode : modes) {
                exports.put(format + "/" + mode.name() + "/" + mode.keepActionFrames(), create(exporter, platform, format, mode));
            }
            if (format.equals("jsonl")) { // without keep_action_frames the sampled modes drop events off their frames
                for (Mode mode : List.of(new Mode("every_n_ms", false), new Mode("keyframes_only", false))) {
                    exports.put("jsonl/" + mode.name() + "/false", create(exporter, platform, "jsonl", mode));
                }
            }
        }

        for (var export : exports.entrySet()) {
            String[] parts = export.getKey().split("/");
            Mode mode = new Mode(parts[1], Boolean.parseBoolean(parts[2]));
            JsonNode done = ExportShards.awaitExport(api, export.getValue(), Duration.ofMinutes(3));
            assertEquals("completed", done.path("status").asText(), export.getKey() + ": " + done);

            List<ExportShards.Row> expected = new ArrayList<>();
            for (int s : bySessionId(sessions)) {
                expected.addAll(expectedRows(sessions.get(s), s, mode, prefix(export.getKey())));
            }
            ExportShards.Stored stored = ExportShards.fetch(platform.s3(), BUCKET, prefix(export.getKey()));
            assertEquals(parts[0], stored.manifest().path("format").asText());
            assertEquals(expected, ExportShards.rows(stored, scratch), export.getKey());
            assertEquals(expected.size(), done.path("rows").asInt(), export.getKey());
            assertEquals(expected.stream().filter(r -> r.actionType() != null).count(), done.path("actions").asLong(), export.getKey());
            for (var row : expected) { // each image the rows name is in the destination, with the bytes its name says
                String key = row.imageUrl().substring(("s3://" + BUCKET + "/").length());
                byte[] image = platform.s3().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
                assertTrue(key.endsWith("/frames/" + ExportShards.sha256(image) + ".webp"), key);
            }
        }
    }

    /** Session indexes in export order: by session id. */
    private static List<Integer> bySessionId(List<String> sessions) {
        List<Integer> order = new ArrayList<>(List.of(0, 1));
        order.sort((a, b) -> sessions.get(a).compareTo(sessions.get(b)));
        return order;
    }

    /** The rows SPEC §6 asks for, from the fixture's layout (not from the platform). */
    private static List<ExportShards.Row> expectedRows(String session, int s, Mode mode, String prefix) {
        List<ExportShards.Row> rows = new ArrayList<>();
        String prior = null;
        for (int i = 0; i < IMAGES.length; i++) {
            long t = i * 100L;
            String event = EVENTS.get(t);
            boolean keyframe = i == 0 || IMAGES[i] != IMAGES[i - 1];
            boolean onCadence = i == 0 || Math.floorDiv((i - 1) * 100L, INTERVAL_MS) < Math.floorDiv(t, INTERVAL_MS);
            boolean selected = switch (mode.name()) {
                case "event_only" -> false;
                case "all" -> true;
                case "keyframes_only" -> keyframe;
                case "every_n_ms" -> onCadence;
                default -> throw new IllegalArgumentException(mode.name());
            };
            boolean row = event != null ? selected || mode.keepActionFrames() || mode.name().equals("event_only") : selected;
            if (row) {
                String url = "s3://" + BUCKET + "/" + prefix + "frames/" + ExportShards.sha256(image(s, IMAGES[i])) + ".webp";
                rows.add(new ExportShards.Row(session, t, event, prior, url, WORKFLOW, "success"));
            }
            if (event != null) {
                prior = event;
            }
        }
        return rows;
    }

    private static String create(Api api, RunningPlatform.Handle platform, String format, Mode mode) {
        Map<String, Object> sampling = map("mode", mode.name(), "keep_action_frames", mode.keepActionFrames());
        if (mode.name().equals("every_n_ms")) {
            sampling.put("interval_ms", INTERVAL_MS);
        }
        String prefix = prefix(format + "/" + mode.name() + "/" + mode.keepActionFrames());
        var created = api.post("/v1/exports", map("workflow", WORKFLOW, "format", format, "frame_sampling", sampling,
                "destination", map("kind", "s3", "bucket", BUCKET, "prefix", prefix, "region", "us-east-1",
                        "endpoint", platform.s3Endpoint())));
        assertEquals(202, created.status(), created.toString());
        return created.body().path("id").asText();
    }

    private static String prefix(String key) {
        return "matrix/" + key.replace('/', '-') + "/";
    }

    /** Session {@code s}: eight frames in one upload (so keyframes follow the pattern), its events, stopped. */
    private static String recordSession(Api api, int s) {
        String id = ExportShards.startedSession(api, WORKFLOW);
        List<Object> frames = new ArrayList<>();
        Map<String, byte[]> images = new LinkedHashMap<>();
        for (int i = 0; i < IMAGES.length; i++) {
            frames.add(map("t_ms", i * 100, "image", "f" + i, "viewport", map("w", 32, "h", 24, "scale", 1)));
            images.put("f" + i, image(s, IMAGES[i]));
        }
        var uploaded = api.uploadFrames(id, map("frames", frames), images);
        assertEquals(201, uploaded.status(), uploaded.toString());
        List<Object> events = new ArrayList<>();
        for (long t = 0; t < IMAGES.length * 100L; t += 100) {
            String type = EVENTS.get(t);
            if (type != null) {
                events.add(map("type", type, "t_ms", t, "payload", payload(type)));
            }
        }
        var emitted = api.post("/v1/sessions/" + id + "/events", map("events", events));
        assertEquals(201, emitted.status(), emitted.toString());
        ExportShards.command(api, id, "stop", "stopped", "sealed");
        return id;
    }

    private static Map<String, Object> payload(String type) {
        return switch (type) {
            case "click" -> map("x", 10, "y", 12, "target", map("role", "button", "name", "Open"));
            case "input_text" -> map("field", "amount", "value", "[masked]");
            case "submit" -> map("form", "invoice");
            default -> map("marker", "done");
        };
    }

    /** A real WebP per (session, letter): equal letters are byte-identical images within a session. */
    /** One solid colour per letter, 80 levels apart in green and blue: a material change (keyframe), not a byte change. */
    private static byte[] image(int session, char letter) {
        return TestWebp.solid(32, 24, 0xff000000 | (session << 16) | ((letter - 'A') * 0x50 * 0x0101));
    }
}
