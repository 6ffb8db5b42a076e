package com.nusomi.systemtests;

import com.nusomi.devstack.testing.TestWebp;

import static com.nusomi.systemtests.Api.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Webhooks over the public API with the seven services running: a receiver on the laptop (the local run allows
 * loopback targets) subscribed to session and export events gets each signed as SPEC §7 says, checked with the JDK's
 * Mac from the SPEC alone; another workspace's endpoint gets nothing.
 */
@ExtendWith(RunningPlatform.class)
class WebhooksIT {
    private static final String WORKFLOW = "webhook_check";

    record Received(String signature, String deliveryId, byte[] body) {}

    @Test
    void aLocalReceiverGetsSignedSessionAndExportEvents(RunningPlatform.Handle platform) throws Exception {
        var operator = new Api(platform.gatewayUrl(), platform.operatorKey());
        Api acme = operator.as(operator.post("/v1/workspaces", map("name", "hooks")).body().path("admin_key").asText());
        Api other = operator.as(operator.post("/v1/workspaces", map("name", "hooks-other")).body().path("admin_key").asText());
        List<Received> received = new CopyOnWriteArrayList<>();
        List<Received> otherReceived = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/acme", exchange -> {
            received.add(new Received(exchange.getRequestHeaders().getFirst("Nusomi-Signature"),
                    exchange.getRequestHeaders().getFirst("Nusomi-Delivery-Id"), exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/other", exchange -> {
            otherReceived.add(new Received(null, null, exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            var created = acme.post("/v1/webhooks", map("url", base + "/acme", "events",
                    List.of("session.created", "session.started", "session.stopped", "session.sealed", "export.queued",
                            "export.completed"), "description", "system test"));
            assertEquals(201, created.status(), created.toString());
            String secret = created.body().path("secret").asText();
            assertEquals(201, other.post("/v1/webhooks", map("url", base + "/other", "events",
                    List.of("session.created", "export.completed"))).status());

            String session = recordOneSession(acme);
            var export = acme.post("/v1/exports", map("workflow", WORKFLOW, "format", "jsonl",
                    "destination", map("kind", "signed_url")));
            assertEquals(202, export.status(), export.toString());
            String exportId = export.body().path("id").asText();
            JsonNode done = WalkingSkeletonIT.awaitExport(acme, exportId);
            assertEquals("completed", done.path("status").asText(), done.toString());

            Map<String, JsonNode> byType = awaitTypes(received, List.of("session.created", "session.started",
                    "session.stopped", "session.sealed", "export.queued", "export.completed"));
            for (Received r : received) {
                assertSignedPerSpec(secret, r);
                assertTrue(r.deliveryId().startsWith("dlv_"), r.deliveryId());
            }
            JsonNode sealed = byType.get("session.sealed");
            assertTrue(sealed.path("id").asText().startsWith("evt_"));
            assertEquals(session, sealed.path("data").path("id").asText());
            assertEquals("sealed", sealed.path("data").path("status").asText());
            assertEquals("success", sealed.path("data").path("outcome").asText());
            JsonNode completed = byType.get("export.completed").path("data");
            assertEquals(exportId, completed.path("id").asText());
            assertEquals("completed", completed.path("status").asText());
            assertEquals(done.path("manifest_url").asText(), completed.path("manifest_url").asText());
            assertEquals(done.path("rows").asLong(), completed.path("rows").asLong());
            // SPEC §7: data is the resource as the API returns it, the request as understood included
            for (String field : List.of("filter", "frame_sampling", "destination")) {
                assertTrue(completed.hasNonNull(field), field + " in " + completed);
            }
            assertEquals(done, completed, "export.completed data is GET /v1/exports/{id}");
            JsonNode queued = byType.get("export.queued").path("data");
            for (String field : List.of("workflow", "filter", "frame_sampling", "destination", "created_at")) {
                assertEquals(done.get(field), queued.get(field), "export.queued " + field);
            }

            var deliveries = acme.get("/v1/webhooks/" + created.body().path("id").asText() + "/deliveries");
            assertEquals(200, deliveries.status());
            assertEquals(6, deliveries.body().path("data").size(), deliveries.toString());
            deliveries.body().path("data").forEach(d -> assertEquals("succeeded", d.path("status").asText(), d.toString()));
            assertEquals(0, otherReceived.size(), "another workspace's endpoint hears nothing of this one");
        } finally {
            server.stop(0);
        }
    }

    private static String recordOneSession(Api api) {
        var created = api.post("/v1/sessions", map("workflow", WORKFLOW, "actor", map("kind", "script")));
        assertEquals(201, created.status(), created.toString());
        String id = created.body().path("id").asText();
        assertEquals(200, api.post("/v1/sessions/" + id + "/start", map()).status());
        var frames = api.uploadFrames(id, map("frames", List.of(map("t_ms", 0, "image", "img0",
                "viewport", map("w", 64, "h", 48, "scale", 1)))), Map.of("img0", TestWebp.solid(64, 48, 0xff336699)));
        assertEquals(201, frames.status(), frames.toString());
        assertEquals(201, api.post("/v1/sessions/" + id + "/events",
                map("type", "success", "t_ms", 10, "payload", map("marker", "done"))).status());
        assertEquals(200, api.post("/v1/sessions/" + id + "/stop", map()).status());
        WalkingSkeletonIT.awaitSession(api, id, s -> "sealed".equals(s.path("status").asText()));
        return id;
    }

    private static Map<String, JsonNode> awaitTypes(List<Received> received, List<String> types) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            Map<String, JsonNode> byType = new java.util.HashMap<>();
            for (Received r : received) {
                JsonNode body = Api.JSON.readTree(r.body());
                byType.put(body.path("type").asText(), body);
            }
            if (byType.keySet().containsAll(types)) {
                return byType;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("webhooks received: " + byType.keySet() + ", expected " + types);
            }
            Thread.sleep(100);
        }
    }

    /** SPEC §7: {@code t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>}. */
    private static void assertSignedPerSpec(String secret, Received r) throws Exception {
        assertTrue(r.signature() != null && r.signature().matches("t=\\d+,v1=[0-9a-f]{64}"), String.valueOf(r.signature()));
        String t = r.signature().substring(2, r.signature().indexOf(','));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
        assertTrue(MessageDigest.isEqual(mac.doFinal(r.body()),
                HexFormat.of().parseHex(r.signature().substring(r.signature().indexOf("v1=") + 3))), "signature");
    }
}
