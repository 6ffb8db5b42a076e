package com.nusomi.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.cli.Context;
import com.nusomi.cli.NusomiCli;
import com.nusomi.devstack.testing.TestWebp;
import com.nusomi.sdk.Nusomi;
import com.nusomi.sdk.Session;
import com.nusomi.sdk.model.EventInput;
import com.nusomi.sdk.model.EventPayload;
import com.nusomi.sdk.model.FrameUpload;
import com.nusomi.sdk.model.Target;
import com.nusomi.sdk.model.Viewport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code nusomi} command line (module {@code cli}) against the seven running services: each command's
 * {@code --json} output parsed, and the exit codes (0 ok, 1 API error with its code, 2 usage).
 */
@ExtendWith(RunningPlatform.class)
class CliIT {
    private static final String WORKFLOW = "cli_check";

    record Run(int code, String out, String err) {
        JsonNode json() {
            try {
                return Api.JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + out + "\nstderr: " + err, e);
            }
        }
    }

    private static Run cli(String gateway, String key, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = NusomiCli.run(new Context(Map.of("NUSOMI_API_KEY", key, "NUSOMI_BASE_URL", gateway,
                "NUSOMI_HOME", "/nonexistent-nusomi-home"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyCommandAgainstTheRunningPlatform(RunningPlatform.Handle platform) throws Exception {
        String gw = platform.gatewayUrl();
        Run workspace = cli(gw, platform.operatorKey(), "workspaces", "create", "--name", "cli-check", "--json");
        assertEquals(0, workspace.code(), workspace.err());
        String admin = workspace.json().path("admin_key").asText();
        assertTrue(admin.startsWith("nsk_"), workspace.out());
        Run workspaces = cli(gw, platform.operatorKey(), "workspaces", "list", "--json");
        assertTrue(workspaces.json().findValuesAsText("name").contains("cli-check"), workspaces.out());

        // keys: create (secret once), list (redacted), revoke
        Run key = cli(gw, admin, "keys", "create", "--name", "ci", "--scope", "read", "--json");
        assertEquals(0, key.code(), key.err());
        String keyId = key.json().path("id").asText();
        assertTrue(key.json().path("key").asText().startsWith("nsk_"));
        Run keys = cli(gw, admin, "keys", "list", "--json");
        assertTrue(keys.json().findValuesAsText("id").contains(keyId));
        assertTrue(keys.json().findValues("key").isEmpty(), "listings never show a secret: " + keys.out());
        Run revoked = cli(gw, admin, "keys", "revoke", keyId, "--json");
        assertEquals(0, revoked.code(), revoked.err());
        assertFalse(revoked.json().path("revoked_at").isNull());
        Run refused = cli(gw, key.json().path("key").asText(), "sessions", "list");
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("invalid_api_key"), refused.err());

        // a session recorded with the SDK, then read with the CLI
        Nusomi sdk = Nusomi.builder().apiKey(admin).baseUrl(gw).environment(Map.of()).build();
        Session s = sdk.sessions().create(WORKFLOW).start();
        s.uploadFrames(List.of(FrameUpload.of(0, TestWebp.solid(64, 48, 0xff112233), new Viewport(64, 48, 1))));
        s.emit(EventInput.at(50, new EventPayload.Click(10, 20, Target.of("button", "Save"))));
        s.emit(EventInput.at(90, new EventPayload.Success("saved")));
        Session sealed = s.stop().waitUntilSealed(Duration.ofSeconds(60));

        // --status sealed: under load a create whose answer was lost can leave a second, never started session
        Run list = cli(gw, admin, "sessions", "list", "--workflow", WORKFLOW, "--status", "sealed", "--json");
        assertEquals(List.of(sealed.id()), list.json().findValuesAsText("id"));
        Run table = cli(gw, admin, "sessions", "list", "--workflow", WORKFLOW);
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith(sealed.id()) && l.contains("sealed")), table.out());
        Run get = cli(gw, admin, "sessions", "get", sealed.id(), "--json");
        assertEquals("success", get.json().path("outcome").asText());
        assertEquals(2, get.json().path("event_count").asInt());

        Run events = cli(gw, admin, "events", "query", sealed.id(), "--json");
        List<String> types = new ArrayList<>();
        events.json().forEach(e -> types.add(e.path("type").asText()));
        assertEquals(List.of("click", "success"), types);
        Run onlySuccess = cli(gw, admin, "events", "query", sealed.id(), "--type", "success", "--json");
        assertEquals(1, onlySuccess.json().size());
        Run tail = cli(gw, admin, "events", "tail", sealed.id(), "--json");
        assertEquals(0, tail.code(), tail.err());
        List<String> tailed = tail.out().lines().map(l -> {
            try {
                return Api.JSON.readTree(l).path("id").asText();
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertEquals(events.json().findValuesAsText("id"), tailed, "the tail replays history and ends at the seal");

        // an export into the installation's object store, waited for
        String bucket = "cli-datasets";
        platform.s3().createBucket(b -> b.bucket(bucket));
        Run export = cli(gw, admin, "exports", "create", "--workflow", WORKFLOW, "--format", "jsonl", "--destination", "s3",
                "--bucket", bucket, "--prefix", "cli/v1/", "--region", "us-east-1", "--endpoint", platform.s3Endpoint(),
                "--tag", "cli@v1", "--wait", "--json");
        assertEquals(0, export.code(), export.err());
        JsonNode done = export.json();
        assertEquals("completed", done.path("status").asText());
        assertEquals("s3://" + bucket + "/cli/v1/manifest.json", done.path("manifest_url").asText());
        assertEquals(2, done.path("rows").asInt());
        assertTrue(platform.s3().getObjectAsBytes(b -> b.bucket(bucket).key("cli/v1/manifest.json")).asByteArray().length > 0);
        String exportId = done.path("id").asText();
        assertEquals(List.of(exportId), cli(gw, admin, "exports", "list", "--tag", "cli@v1", "--json").json().findValuesAsText("id"));
        assertEquals("completed", cli(gw, admin, "exports", "get", exportId, "--json").json().path("status").asText());
        Run waited = cli(gw, admin, "exports", "wait", exportId, "--json");
        assertEquals(done.path("manifest_url").asText(), waited.json().path("manifest_url").asText());

        // webhooks
        Run hook = cli(gw, admin, "webhooks", "create", "--url", "http://127.0.0.1:9/hook", "--event",
                "session.sealed,export.completed", "--description", "cli", "--json");
        assertEquals(0, hook.code(), hook.err());
        assertTrue(hook.json().path("secret").asText().startsWith("whsec_"));
        String hookId = hook.json().path("id").asText();
        assertEquals(List.of(hookId), cli(gw, admin, "webhooks", "list", "--json").json().findValuesAsText("id"));
        assertEquals(0, cli(gw, admin, "webhooks", "delete", hookId, "--json").code());
        Run again = cli(gw, admin, "webhooks", "delete", hookId);
        assertEquals(1, again.code());
        assertTrue(again.err().contains("webhook_not_found"), again.err());

        // lifecycle errors carry their code; delete; usage errors exit 2 without a request
        Run stopSealed = cli(gw, admin, "sessions", "stop", sealed.id(), "--json");
        assertEquals(1, stopSealed.code());
        assertEquals("invalid_state", Api.JSON.readTree(stopSealed.err()).path("error").path("code").asText());
        assertEquals(0, cli(gw, admin, "sessions", "delete", sealed.id()).code());
        Run gone = cli(gw, admin, "sessions", "get", sealed.id());
        assertEquals(1, gone.code());
        assertTrue(gone.err().contains("session_not_found"), gone.err());
        assertEquals(2, cli(gw, admin, "exports", "create", "--format", "jsonl").code());
        assertEquals(2, cli(gw, admin, "sessions", "frobnicate").code());
    }
}
