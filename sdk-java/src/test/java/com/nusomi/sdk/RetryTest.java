package com.nusomi.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.sdk.StubServer.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Retries on 408/429/5xx with Retry-After or backoff, against a local stub. */
class RetryTest {

    @Test
    void a429WithRetryAfterIsRetriedAfterExactlyThatLongWithTheSameIdempotencyKey() throws Exception {
        try (var stub = new StubServer()) {
            stub.on("POST /v1/sessions",
                    Reply.json(429, StubServer.error("rate_limited", "slow down", null), Map.of("Retry-After", "2")),
                    Reply.json(201, StubServer.SESSION));
            List<Duration> waits = new CopyOnWriteArrayList<>();
            Session s = stub.client(waits).sessions().create("process_invoice");

            assertEquals("ses_01", s.id());
            assertEquals(List.of(Duration.ofSeconds(2)), waits);
            var posts = stub.requests("POST", "/v1/sessions");
            assertEquals(2, posts.size());
            String key = posts.get(0).header("Idempotency-Key");
            assertTrue(key != null && !key.isBlank());
            assertEquals(key, posts.get(1).header("Idempotency-Key"), "every attempt of one write carries one key");
        }
    }

    @Test
    void a503SequenceIsRetriedWithGrowingBackoffUntilItAnswers() throws Exception {
        try (var stub = new StubServer()) {
            stub.on("GET /v1/sessions/ses_01",
                    Reply.json(503, StubServer.error("internal_error", "down", null)),
                    Reply.json(503, StubServer.error("internal_error", "down", null)),
                    Reply.json(503, StubServer.error("internal_error", "down", null)),
                    Reply.json(200, StubServer.SESSION));
            List<Duration> waits = new CopyOnWriteArrayList<>();
            Session s = stub.client(waits).sessions().get("ses_01");

            assertEquals("created", s.status());
            assertEquals(4, stub.requests("GET", "/v1/sessions/ses_01").size());
            assertEquals(3, waits.size());
            // full-jitter halves: attempt n waits within [base·2^n / 2, base·2^n], base 500 ms
            for (int n = 0; n < 3; n++) {
                long ceiling = 500L << n;
                long ms = waits.get(n).toMillis();
                assertTrue(ms >= ceiling / 2 && ms <= ceiling, "wait " + n + " was " + ms + " ms");
            }
        }
    }

    @Test
    void givesUpAfterMaxRetriesWithTheLastErrorAndItsRetryAfter() throws Exception {
        try (var stub = new StubServer()) {
            stub.on("GET /v1/exports/exp_01",
                    Reply.json(429, StubServer.error("rate_limited", "slow down", null), Map.of("Retry-After", "1")));
            List<Duration> waits = new CopyOnWriteArrayList<>();
            var e = assertThrows(NusomiException.class, () -> stub.client(waits).exports().get("exp_01"));

            assertEquals("rate_limited", e.code());
            assertEquals(429, e.status());
            assertEquals(Duration.ofSeconds(1), e.retryAfter().orElseThrow());
            assertEquals(4, stub.requests("GET", "/v1/exports/exp_01").size(), "1 attempt + maxRetries 3");
            assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)), waits);
        }
    }

    @Test
    void maxRetriesZeroSendsOnce() throws Exception {
        try (var stub = new StubServer()) {
            stub.on("GET /v1/sessions/ses_01", Reply.json(502, "bad gateway"));
            List<Duration> waits = new CopyOnWriteArrayList<>();
            Nusomi client = Nusomi.builder().apiKey("nsk_test_x").baseUrl(stub.url()).environment(Map.of())
                    .maxRetries(0).sleeper(waits::add).build();
            var e = assertThrows(NusomiException.class, () -> client.sessions().get("ses_01"));

            assertEquals("internal_error", e.code());
            assertEquals(502, e.status());
            assertEquals(1, stub.requests("GET", "/v1/sessions/ses_01").size());
            assertTrue(waits.isEmpty());
        }
    }

    @Test
    void clientErrorsAreNotRetried() throws Exception {
        try (var stub = new StubServer()) {
            stub.on("POST /v1/sessions/ses_01/start",
                    Reply.json(409, StubServer.error("invalid_state", "already recording", null)));
            List<Duration> waits = new CopyOnWriteArrayList<>();
            var e = assertThrows(NusomiException.class, () -> stub.client(waits).sessions().start("ses_01"));

            assertEquals("invalid_state", e.code());
            assertEquals(1, stub.requests("POST", "/v1/sessions/ses_01/start").size());
            assertTrue(waits.isEmpty());
        }
    }

    @Test
    void retryAfterAsAnHttpDateAndItsCeiling() {
        var now = java.time.Instant.parse("2026-12-06T00:00:00Z");
        assertEquals(Duration.ofSeconds(30), HttpTransport.parseRetryAfter("Sun, 06 Dec 2026 00:00:30 GMT", now));
        assertEquals(Duration.ofMillis(1500), HttpTransport.parseRetryAfter("1.5", now));
        assertEquals(null, HttpTransport.parseRetryAfter("soon", now));
    }
}
