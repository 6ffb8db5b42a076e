package com.nusomi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a local stub: --json output parsed, tables, exit codes 0 / 1 / 2, credentials. */
class NusomiCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION = """
            {"id":"ses_01","workflow":"process_invoice","status":"sealed","actor":{"kind":"human","id":"alice"},
             "surface":"web","metadata":{},"tags":[],"outcome":"success","created_at":"2026-12-06T00:00:00Z",
             "started_at":"2026-12-06T00:00:01Z","stopped_at":"2026-12-06T00:00:05Z","sealed_at":"2026-12-06T00:00:06Z",
             "duration_ms":4000,"frame_count":3,"event_count":2}""";

    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    private static Run run(Map<String, String> env, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = NusomiCli.run(new Context(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Map<String, String> env(Stub stub) {
        return Map.of("NUSOMI_API_KEY", "nsk_test_cli", "NUSOMI_BASE_URL", stub.url(), "NUSOMI_HOME", "/nonexistent");
    }

    @Test
    void sessionsListPrintsJsonForScriptsAndATableForPeople() throws Exception {
        try (var stub = new Stub()) {
            stub.json("GET /v1/sessions", 200, "{\"data\":[" + SESSION + "],\"next_cursor\":null,\"has_more\":false}");
            Run json = run(env(stub), "sessions", "list", "--workflow", "process_invoice", "--json");
            assertEquals(0, json.code(), json.err());
            JsonNode list = json.json();
            assertEquals(1, list.size());
            assertEquals("ses_01", list.get(0).path("id").asText());
            assertEquals(4000, list.get(0).path("duration_ms").asInt());
            assertEquals("Bearer nsk_test_cli", stub.received.get(0).authorization());
            assertTrue(stub.received.get(0).query().contains("workflow=process_invoice"), stub.received.get(0).query());

            Run table = run(env(stub), "sessions", "list");
            assertEquals(0, table.code());
            String[] lines = table.out().split("\n");
            assertTrue(lines[0].startsWith("ID") && lines[0].contains("STATUS") && lines[0].contains("OUTCOME"), lines[0]);
            assertTrue(lines[1].startsWith("ses_01") && lines[1].contains("sealed") && lines[1].contains("success"), lines[1]);
        }
    }

    @Test
    void anApiErrorExitsOneAndPrintsItsCode() throws Exception {
        try (var stub = new Stub()) {
            stub.json("GET /v1/sessions/ses_missing", 404, Stub.error("session_not_found", "no session ses_missing"));
            Run r = run(env(stub), "sessions", "get", "ses_missing");
            assertEquals(1, r.code());
            assertTrue(r.err().contains("session_not_found"), r.err());
            assertTrue(r.err().contains("req_STUB"), r.err());

            Run j = run(env(stub), "sessions", "get", "ses_missing", "--json");
            assertEquals(1, j.code());
            assertEquals("session_not_found", JSON.readTree(j.err()).path("error").path("code").asText());
            assertEquals(404, JSON.readTree(j.err()).path("error").path("status").asInt());
        }
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        try (var stub = new Stub()) {
            assertEquals(2, run(env(stub)).code());
            assertEquals(2, run(env(stub), "sessions").code());
            assertEquals(2, run(env(stub), "sessions", "explode").code());
            assertEquals(2, run(env(stub), "sessions", "get").code(), "missing SESSION_ID");
            assertEquals(2, run(env(stub), "exports", "create", "--format", "jsonl").code(), "missing --workflow");
            Run badType = run(env(stub), "events", "query", "ses_01", "--type", "hover");
            assertEquals(2, badType.code());
            assertTrue(badType.err().contains("unknown event type 'hover'"), badType.err());
            assertTrue(stub.received.isEmpty(), "nothing was sent for a usage error");
        }
        Run noKey = run(Map.of("NUSOMI_HOME", "/nonexistent"), "sessions", "list");
        assertEquals(2, noKey.code());
        assertTrue(noKey.err().contains("missing_api_key"), noKey.err());
        assertEquals(0, run(Map.of(), "--help").code());
    }

    @Test
    void exportsWaitShowsProgressOnStderrAndPrintsTheFinalExportAsJson() throws Exception {
        try (var stub = new Stub()) {
            String base = "{\"id\":\"exp_1\",\"format\":\"jsonl\",\"rows\":10,\"shards\":2,\"created_at\":\"2026-12-06T00:00:00Z\",";
            stub.json("GET /v1/exports/exp_1", 200,
                    base + "\"status\":\"running\",\"shards_done\":0,\"manifest_url\":null}",
                    base + "\"status\":\"running\",\"shards_done\":1,\"manifest_url\":null}",
                    base + "\"status\":\"completed\",\"shards_done\":2,\"manifest_url\":\"s3://b/manifest.json\"}");
            Run r = run(env(stub), "exports", "wait", "exp_1", "--json");
            assertEquals(0, r.code(), r.err());
            JsonNode done = r.json();
            assertEquals("completed", done.path("status").asText());
            assertEquals("s3://b/manifest.json", done.path("manifest_url").asText());
            assertEquals(2, done.path("shards_done").asInt());
            assertTrue(r.err().contains("exp_1"), "the progress bar names the export: " + r.err());
        }
    }

    @Test
    void aFailedExportExitsOneWithItsCodeAndStillPrintsTheExport() throws Exception {
        try (var stub = new Stub()) {
            stub.json("GET /v1/exports/exp_2", 200, "{\"id\":\"exp_2\",\"status\":\"failed\",\"shards\":1,\"shards_done\":0,"
                    + "\"manifest_url\":null,\"error\":{\"code\":\"destination_unreachable\",\"message\":\"no bucket\"},"
                    + "\"created_at\":\"2026-12-06T00:00:00Z\"}");
            Run r = run(env(stub), "exports", "wait", "exp_2", "--json");
            assertEquals(1, r.code());
            assertEquals("failed", r.json().path("status").asText());
            assertTrue(r.err().contains("destination_unreachable"), r.err());
        }
    }

    @Test
    void eventsTailPrintsOneJsonObjectPerEventUntilTheEnd() throws Exception {
        try (var stub = new Stub()) {
            String data = "{\"id\":\"evt_1\",\"session_id\":\"ses_01\",\"type\":\"click\",\"t_ms\":12,\"frame_id\":\"frm_1\","
                    + "\"confidence\":0.99,\"source\":\"dom\",\"payload\":{\"x\":1,\"y\":2},\"created_at\":\"2026-12-06T00:00:00Z\"}";
            stub.sse("GET /v1/sessions/ses_01/events/stream",
                    ": keepalive\n\nid: evt_1\nevent: click\ndata: " + data + "\n\nevent: end\ndata: {}\n\n");
            Run r = run(env(stub), "events", "tail", "ses_01", "--json", "--type", "click");
            assertEquals(0, r.code(), r.err());
            String[] lines = r.out().strip().split("\n");
            assertEquals(1, lines.length, r.out());
            JsonNode ev = JSON.readTree(lines[0]);
            assertEquals("evt_1", ev.path("id").asText());
            assertEquals(1.0, ev.path("payload").path("x").asDouble());
            assertEquals("type=click", stub.received.get(0).query());
        }
    }

    @Test
    void theInstallationFileGivesTheOperatorKeyForWorkspaces(@TempDir Path home) throws Exception {
        try (var stub = new Stub()) {
            stub.json("POST /v1/workspaces", 201,
                    "{\"id\":\"wsp_1\",\"name\":\"acme\",\"admin_key\":\"nsk_local_new\",\"created_at\":\"2026-12-06T00:00:00Z\"}");
            Files.writeString(home.resolve("credentials.json"), "{\"gateway_url\":\"" + stub.url()
                    + "\",\"operator_key\":\"nso_op\",\"admin_key\":\"nsk_local_admin\",\"workspace_id\":\"wsp_0\"}");
            Run r = run(Map.of("NUSOMI_HOME", home.toString()), "workspaces", "create", "--name", "acme", "--json");
            assertEquals(0, r.code(), r.err());
            assertEquals("nsk_local_new", r.json().path("admin_key").asText());
            assertEquals("Bearer nso_op", stub.received.get(0).authorization());
            assertEquals("{\"name\":\"acme\"}", stub.received.get(0).body());
        }
    }
}
