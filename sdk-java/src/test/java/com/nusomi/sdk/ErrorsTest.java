package com.nusomi.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.sdk.StubServer.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SPEC §4 envelope becomes a NusomiException; transport failures get SDK codes. */
class ErrorsTest {

    @Test
    void theEnvelopeGivesCodeMessageParamAndRequestId() throws Exception {
        try (var stub = new StubServer()) {
            stub.on("POST /v1/sessions", Reply.json(400,
                    StubServer.error("invalid_workflow_slug", "workflow must be a slug", "workflow"),
                    Map.of("X-Request-Id", "req_01TEST")));
            var e = assertThrows(NusomiException.class,
                    () -> stub.client(new ArrayList<>()).sessions().create("Not A Slug"));

            assertEquals("invalid_workflow_slug", e.code());
            assertEquals("workflow must be a slug", e.getMessage());
            assertEquals("workflow", e.param().orElseThrow());
            assertEquals("req_01TEST", e.requestId());
            assertEquals(400, e.status());
        }
    }

    @Test
    void aBodyThatIsNotTheEnvelopeFallsBackOnTheStatusAndTheRequestIdHeader() throws Exception {
        try (var stub = new StubServer()) {
            stub.on("GET /v1/sessions/ses_01", new Reply(404, Map.of("X-Request-Id", "req_H"), "<html>nope</html>", null));
            var e = assertThrows(NusomiException.class, () -> stub.client(new ArrayList<>()).sessions().get("ses_01"));

            assertEquals("not_found", e.code());
            assertEquals("req_H", e.requestId());
            assertTrue(e.getMessage().contains("404"), e.getMessage());
        }
    }

    @Test
    void everyRequestCarriesTheKeyAndTheUserAgent() throws Exception {
        try (var stub = new StubServer()) {
            stub.on("GET /v1/sessions/ses_01", Reply.json(200, StubServer.SESSION));
            stub.client(new ArrayList<>()).sessions().get("ses_01");
            var r = stub.requests("GET", "/v1/sessions/ses_01").get(0);

            assertEquals("Bearer nsk_test_stub", r.header("Authorization"));
            assertTrue(r.header("User-Agent").startsWith("nusomi-java/"), r.header("User-Agent"));
        }
    }

    @Test
    void anUnreachableServerIsAConnectionErrorAfterTheRetries() throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var waits = new ArrayList<Duration>();
        Nusomi client = Nusomi.builder().apiKey("nsk_test_x").baseUrl("http://127.0.0.1:" + port)
                .environment(Map.of()).sleeper(waits::add).build();
        var e = assertThrows(NusomiException.class, () -> client.sessions().get("ses_01"));

        assertEquals(NusomiException.CONNECTION_ERROR, e.code());
        assertEquals(0, e.status());
        assertEquals(3, waits.size());
    }

    @Test
    void noKeyAnywhereIsMissingApiKey() {
        var e = assertThrows(NusomiException.class, () -> Nusomi.builder()
                .environment(Map.of("NUSOMI_HOME", "/nonexistent-nusomi-home")).build());
        assertEquals(NusomiException.MISSING_API_KEY, e.code());
    }

    @Test
    void theLocalInstallationFileGivesKeyAndGateway(@org.junit.jupiter.api.io.TempDir Path home) throws Exception {
        try (var stub = new StubServer()) {
            stub.on("GET /v1/sessions/ses_01", Reply.json(200, StubServer.SESSION));
            Files.writeString(home.resolve("credentials.json"), """
                    {"gateway_url": "%s", "operator_key": "nso_x", "admin_key": "nsk_local_admin", "workspace_id": "wsp_1",
                     "object_store": {"endpoint": "http://127.0.0.1:1", "region": "us-east-1", "access_key": "a",
                                      "secret_key": "b", "bucket": "nusomi"}}""".formatted(stub.url()));
            Nusomi client = Nusomi.builder().environment(Map.of("NUSOMI_HOME", home.toString())).build();

            assertEquals(stub.url(), client.baseUrl());
            assertEquals("nusomi", client.localCredentials().orElseThrow().objectStore().bucket());
            client.sessions().get("ses_01");
            assertEquals("Bearer nsk_local_admin", stub.requests("GET", "/v1/sessions/ses_01").get(0).header("Authorization"));
        }
    }

    @Test
    void laterCapabilitiesAnswerNotAvailableWhenTheRouteIsAbsent() throws Exception {
        try (var stub = new StubServer()) {
            var client = stub.client(new ArrayList<>());
            var e = assertThrows(NusomiException.class, () -> client.replay().exact("ses_01", ReplayOptions.DEFAULT));
            assertEquals(NusomiException.NOT_AVAILABLE, e.code());
            assertTrue(e.getMessage().contains("not available on this server"), e.getMessage());
            assertEquals(NusomiException.NOT_AVAILABLE,
                    assertThrows(NusomiException.class, () -> client.recovery().from("ses_01", null)).code());
            assertEquals(NusomiException.NOT_AVAILABLE,
                    assertThrows(NusomiException.class, () -> client.memory().paths("process_invoice")).code());
        }
    }
}
