package com.nusomi.systemtests;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The public API as a well-behaved SDK uses it while parts of the platform fail: every write carries an
 * {@code Idempotency-Key} (frame uploads are safe retries by themselves, SPEC §4) and is sent again with the same key
 * after a lost connection, a 5xx, a 429 or a 409 "still being processed", until {@code patience} runs out.
 */
final class ResilientClient {
    private final Api api;
    private final Duration patience;

    ResilientClient(Api api, Duration patience) {
        this.api = api;
        this.patience = patience;
    }

    Api api() {
        return api;
    }

    Api.Answer post(String path, Object body) {
        String key = UUID.randomUUID().toString();
        return retry("POST " + path, () -> api.post(path, body, Map.of("Idempotency-Key", key)));
    }

    Api.Answer upload(String sessionId, Map<String, Object> metadata, Map<String, byte[]> images) {
        return retry("upload to " + sessionId, () -> api.uploadFrames(sessionId, metadata, images));
    }

    Api.Answer get(String path) {
        return retry("GET " + path, () -> api.get(path));
    }

    private Api.Answer retry(String what, Supplier<Api.Answer> call) {
        Instant deadline = Instant.now().plus(patience);
        long backoff = 100;
        String last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                Api.Answer answer = call.get();
                if (!retryable(answer)) {
                    return answer;
                }
                last = answer.toString();
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof IOException)) {
                    throw e;
                }
                last = e.getCause().toString(); // connection refused or reset: the service is down or restarting
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            backoff = Math.min(backoff * 2, 1_000);
        }
        throw new AssertionError(what + " did not succeed within " + patience.toSeconds() + " s; last answer " + last);
    }

    private static boolean retryable(Api.Answer answer) {
        int status = answer.status();
        return status >= 500 || status == 429
                || (status == 409 && "Idempotency-Key".equals(answer.body().path("error").path("param").asText()));
    }
}
