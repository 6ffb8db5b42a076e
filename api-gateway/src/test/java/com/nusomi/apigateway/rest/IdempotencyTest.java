package com.nusomi.apigateway.rest;

import static com.nusomi.apigateway.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.nusomi.apigateway.config.GatewayConfig;
import com.nusomi.apigateway.service.IdempotencyCipher;
import com.nusomi.apigateway.service.IdempotencyClaim;
import com.nusomi.apigateway.service.IdempotencyRequest;
import com.nusomi.apigateway.service.IdempotencyStore;
import com.nusomi.apigateway.support.Api;
import com.nusomi.apigateway.support.Catalog;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.apigateway.support.FakeSealer;
import com.nusomi.devstack.DevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class IdempotencyTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static Api.Workspace acme;
    private static String adminKeyId;

    @Inject
    Pool pool;

    @Inject
    GatewayConfig config;

    @BeforeEach
    void setUp() {
        if (acme != null) {
            return;
        }
        FakeSealer.ensureRunning();
        acme = Api.newWorkspace("idempotency");
        adminKeyId = as(acme.adminKey()).get("/v1/keys").then().statusCode(200).extract().path("data[0].id");
        // the first command after start-up may outlast the 3 s test timeout (schema registration, consumer start)
        for (int attempt = 0; attempt < 3; attempt++) {
            if (as(acme.adminKey()).body(sessionBody("idem_warm_up")).post("/v1/sessions").statusCode() == 201) {
                break;
            }
        }
    }

    private static String sessionBody(String workflow) {
        return "{\"workflow\":\"" + workflow + "\",\"actor\":{\"kind\":\"script\",\"id\":\"bot\"}}";
    }

    private static int sessionsOf(String workflow) {
        return as(acme.adminKey()).get("/v1/sessions?workflow=" + workflow).then().statusCode(200)
                .extract().path("data.size()");
    }

    @Test
    void theSameKeyAndBodyReplayTheFirstAnswerAndCreateOneSession() {
        String key = UUID.randomUUID().toString();
        var first = as(acme.adminKey()).header("Idempotency-Key", key).body(sessionBody("idem_once"))
                .post("/v1/sessions").then().statusCode(201).header(IdempotencyFilter.REPLAYED, nullValue()).extract();
        var second = as(acme.adminKey()).header("Idempotency-Key", key).body(sessionBody("idem_once"))
                .post("/v1/sessions").then().statusCode(201).header(IdempotencyFilter.REPLAYED, equalTo("true")).extract();

        assertEquals(first.asString(), second.asString());
        assertEquals(first.contentType(), second.contentType());
        assertEquals(true, second.header(RateLimitFilter.REMAINING) != null, "a replay is counted and says so");
        assertNotEquals(first.header("X-Request-Id"), second.header("X-Request-Id"));
        assertEquals(1, sessionsOf("idem_once"));
    }

    @Test
    void theSameKeyWithAnotherBodyOrPathIsAConflict() {
        String key = UUID.randomUUID().toString();
        as(acme.adminKey()).header("Idempotency-Key", key).body(sessionBody("idem_conflict"))
                .post("/v1/sessions").then().statusCode(201);

        as(acme.adminKey()).header("Idempotency-Key", key).body(sessionBody("idem_other"))
                .post("/v1/sessions").then().statusCode(409)
                .body("error.code", equalTo("invalid_request"))
                .body("error.param", equalTo("Idempotency-Key"));
        as(acme.adminKey()).header("Idempotency-Key", key).body("{}")
                .post("/v1/exports").then().statusCode(409).body("error.param", equalTo("Idempotency-Key"));
        assertEquals(1, sessionsOf("idem_conflict"));
        assertEquals(0, sessionsOf("idem_other"));
    }

    @Test
    void aRequestStillInFlightWithTheSameKeyIsAConflict() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = sessionBody("idem_in_flight");
        Catalog.update("INSERT INTO gateway.idempotency_keys (api_key_id, idempotency_key, method, path, request_sha256, "
                        + "state, claim_token, created_at, locked_until, expires_at) VALUES (?, ?, 'POST', '/v1/sessions', ?, "
                        + "'in_flight', 'other-instance', now(), now() + interval '1 hour', now() + interval '24 hours')",
                adminKeyId, key, sha256(body));

        as(acme.adminKey()).header("Idempotency-Key", key).body(body).post("/v1/sessions").then().statusCode(409)
                .header("Retry-After", "1")
                .body("error.code", equalTo("invalid_request"))
                .body("error.param", equalTo("Idempotency-Key"));
        assertEquals(0, sessionsOf("idem_in_flight"));

        // the holder went away (locked_until passed): the same request takes the key over and runs once
        Catalog.update("UPDATE gateway.idempotency_keys SET locked_until = now() - interval '1 second' "
                + "WHERE api_key_id = ? AND idempotency_key = ?", adminKeyId, key);
        as(acme.adminKey()).header("Idempotency-Key", key).body(body).post("/v1/sessions").then().statusCode(201);
        as(acme.adminKey()).header("Idempotency-Key", key).body(body).post("/v1/sessions").then().statusCode(201)
                .header(IdempotencyFilter.REPLAYED, equalTo("true"));
        assertEquals(1, sessionsOf("idem_in_flight"));
    }

    @Test
    void anotherGatewayInstanceReadingTheSameTableReplaysTheAnswer() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = sessionBody("idem_instances");
        var created = as(acme.adminKey()).header("Idempotency-Key", key).body(body).post("/v1/sessions")
                .then().statusCode(201).extract();

        IdempotencyStore otherInstance = new IdempotencyStore(pool, config.idempotency());
        var claim = otherInstance.claim(new IdempotencyRequest(adminKeyId, key, "POST", "/v1/sessions", sha256(body)))
                .await().atMost(WAIT);
        var replay = assertInstanceOf(IdempotencyClaim.Replay.class, claim);
        assertEquals(201, replay.status());
        assertEquals(created.asString(), new String(IdempotencyCipher.open(acme.adminKey(), key, replay.sealedBody()),
                StandardCharsets.UTF_8));

        var other = otherInstance.claim(new IdempotencyRequest(adminKeyId, key, "POST", "/v1/sessions", sha256("{}")))
                .await().atMost(WAIT);
        assertInstanceOf(IdempotencyClaim.Mismatch.class, other);
    }

    @Test
    void theStoredAnswerIsEncryptedNotReadableInTheTable() throws Exception {
        String key = UUID.randomUUID().toString();
        String id = as(acme.adminKey()).header("Idempotency-Key", key).body(sessionBody("idem_sealed"))
                .post("/v1/sessions").then().statusCode(201).extract().path("id");
        try (var c = Catalog.connect(); var st = c.prepareStatement("SELECT state, status, body FROM gateway.idempotency_keys "
                + "WHERE api_key_id = ? AND idempotency_key = ?")) {
            st.setString(1, adminKeyId);
            st.setString(2, key);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertEquals("completed", rs.getString("state"));
                assertEquals(201, rs.getInt("status"));
                String stored = new String(rs.getBytes("body"), StandardCharsets.ISO_8859_1);
                assertEquals(-1, stored.indexOf(id));
            }
        }
    }

    @Test
    void aKeyOlderThanItsWindowIsFreeAgain() {
        String key = UUID.randomUUID().toString();
        String body = sessionBody("idem_expired");
        String first = as(acme.adminKey()).header("Idempotency-Key", key).body(body).post("/v1/sessions")
                .then().statusCode(201).extract().path("id");
        Catalog.update("UPDATE gateway.idempotency_keys SET expires_at = now() - interval '1 second' "
                + "WHERE api_key_id = ? AND idempotency_key = ?", adminKeyId, key);

        String second = as(acme.adminKey()).header("Idempotency-Key", key).body(body).post("/v1/sessions")
                .then().statusCode(201).header(IdempotencyFilter.REPLAYED, nullValue()).extract().path("id");
        assertNotEquals(first, second);
        assertEquals(2, sessionsOf("idem_expired"));
    }

    @Test
    void keysAreScopedPerApiKey() {
        String key = UUID.randomUUID().toString();
        String other = Api.newKey(acme, "write");
        String first = as(acme.adminKey()).header("Idempotency-Key", key).body(sessionBody("idem_scope"))
                .post("/v1/sessions").then().statusCode(201).extract().path("id");
        String second = as(other).header("Idempotency-Key", key).body(sessionBody("idem_scope"))
                .post("/v1/sessions").then().statusCode(201).header(IdempotencyFilter.REPLAYED, nullValue())
                .extract().path("id");
        assertNotEquals(first, second);
    }

    @Test
    void errorAnswersAreReplayedButServerErrorsReleaseTheKey() throws Exception {
        String key = UUID.randomUUID().toString();
        String missing = "/v1/sessions/ses_01JD0000000000000000000000/start";
        var first = as(acme.adminKey()).header("Idempotency-Key", key).post(missing).then().statusCode(404).extract();
        as(acme.adminKey()).header("Idempotency-Key", key).post(missing).then().statusCode(404)
                .header(IdempotencyFilter.REPLAYED, equalTo("true"))
                .body("error.code", equalTo("session_not_found"))
                .body("error.request_id", equalTo(first.path("error.request_id")));

        String silent = UUID.randomUUID().toString();
        as(acme.adminKey()).header("Idempotency-Key", silent).body(sessionBody(FakeSealer.SILENT_WORKFLOW))
                .post("/v1/sessions").then().statusCode(500);
        // a 5xx answer is not kept: the same request with the same key runs again (and the same key elsewhere conflicts)
        as(acme.adminKey()).header("Idempotency-Key", silent).body(sessionBody("idem_other_body"))
                .post("/v1/sessions").then().statusCode(409);
    }

    /** The create took effect but its answer was lost (5xx): the retry with the same key finds that session, no second one. */
    @Test
    void aRetryAfterAServerErrorDoesNotCreateTwice() {
        String key = UUID.randomUUID().toString();
        as(acme.adminKey()).header("Idempotency-Key", key).body(sessionBody(FakeSealer.REPLY_LOST_WORKFLOW))
                .post("/v1/sessions").then().statusCode(500);
        String id = as(acme.adminKey()).header("Idempotency-Key", key).body(sessionBody(FakeSealer.REPLY_LOST_WORKFLOW))
                .post("/v1/sessions").then().statusCode(201).extract().path("id");
        assertEquals(1, sessionsOf(FakeSealer.REPLY_LOST_WORKFLOW));
        as(acme.adminKey()).get("/v1/sessions/" + id).then().statusCode(200)
                .body("workflow", equalTo(FakeSealer.REPLY_LOST_WORKFLOW));
    }

    /** The JDK client upgrades to HTTP/2 (h2c), where a request body can be read only once and never after its end. */
    @Test
    void overHttp2TheReplayIsTheSame() throws Exception {
        var client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_2).build();
        String key = UUID.randomUUID().toString();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/v1/sessions"))
                .header("Authorization", "Bearer " + acme.adminKey()).header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(sessionBody("idem_http2"))).build();
        var first = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        var second = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(201, first.statusCode(), first.body());
        assertEquals(201, second.statusCode(), second.body());
        assertEquals(first.body(), second.body());
        assertEquals("true", second.headers().firstValue(IdempotencyFilter.REPLAYED).orElse(null));
        assertEquals(1, sessionsOf("idem_http2"));
    }

    @Test
    void aMalformedKeyIsRefused() {
        as(acme.adminKey()).header("Idempotency-Key", "x".repeat(256)).body(sessionBody("idem_bad_key"))
                .post("/v1/sessions").then().statusCode(400)
                .body("error.code", equalTo("invalid_request")).body("error.param", equalTo("Idempotency-Key"));
        assertEquals(0, sessionsOf("idem_bad_key"));
    }

    @Test
    void aFrameUploadIsForwardedOnceWithItsBytesIntactAndReplayed() {
        String session = as(acme.adminKey()).body(sessionBody("idem_frames")).post("/v1/sessions")
                .then().statusCode(201).extract().path("id");
        as(acme.adminKey()).post("/v1/sessions/" + session + "/start").then().statusCode(200);
        byte[] image = new byte[300_000];
        new java.util.Random(7).nextBytes(image);
        String key = UUID.randomUUID().toString();

        FakeCaptureIngest.LAST.set(null);
        var first = io.restassured.RestAssured.given().header("Authorization", "Bearer " + acme.adminKey())
                .header("Idempotency-Key", key)
                .multiPart("metadata", "{\"frames\":[{\"t_ms\":0,\"image\":\"f0\",\"viewport\":{\"w\":4,\"h\":4,\"scale\":1}}]}",
                        "application/json")
                .multiPart("f0", "f0.webp", image, "image/webp")
                .post("/v1/sessions/" + session + "/frames").then().statusCode(201).extract();
        var forwarded = FakeCaptureIngest.LAST.get();
        assertEquals("/internal/v1/sessions/" + session + "/frames", forwarded.path());
        assertEquals(true, contains(forwarded.body(), image), "the image bytes reach capture-ingest unchanged");

        FakeCaptureIngest.LAST.set(null);
        byte[] sameBody = forwarded.body();
        var replay = io.restassured.RestAssured.given().header("Authorization", "Bearer " + acme.adminKey())
                .header("Idempotency-Key", key).contentType(forwarded.contentType()).body(sameBody)
                .post("/v1/sessions/" + session + "/frames").then().statusCode(201)
                .header(IdempotencyFilter.REPLAYED, equalTo("true")).extract();
        assertNull(FakeCaptureIngest.LAST.get(), "a replay is not forwarded again");
        assertArrayEquals(first.asByteArray(), replay.asByteArray());

        byte[] otherBody = sameBody.clone();
        otherBody[otherBody.length / 2] ^= 1; // one bit of the image differs
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + acme.adminKey())
                .header("Idempotency-Key", key).contentType(forwarded.contentType()).body(otherBody)
                .post("/v1/sessions/" + session + "/frames").then().statusCode(409)
                .body("error.code", equalTo("invalid_request")).body("error.param", equalTo("Idempotency-Key"));
        assertNull(FakeCaptureIngest.LAST.get(), "an upload conflicting with its key is not forwarded");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String sha256(String body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    }
}
