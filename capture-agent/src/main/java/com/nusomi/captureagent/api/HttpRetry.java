package com.nusomi.captureagent.api;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Sends a request until the server decides: retried on a lost connection, 5xx, 429 and a 409 answered with
 * {@code Retry-After} (the same Idempotency-Key still in flight), with backoff from 200 ms to 5 s; gives up only when
 * {@code keepTrying} turns false. The request must be safe to repeat (Idempotency-Key, or seq-numbered signals).
 */
public final class HttpRetry {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public HttpResponse<String> send(HttpRequest request, BooleanSupplier keepTrying) throws IOException {
        long backoff = 200;
        IOException lastFailure = null;
        while (true) {
            try {
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = answer.statusCode();
                boolean retry = status >= 500 || status == 429 || (status == 409 && answer.headers().firstValue("Retry-After").isPresent());
                if (!retry) {
                    return answer;
                }
                if (!keepTrying.getAsBoolean()) {
                    return answer;
                }
                backoff = Math.max(backoff, answer.headers().firstValue("Retry-After").map(HttpRetry::seconds).orElse(0L));
            } catch (IOException e) {
                lastFailure = e;
                if (!keepTrying.getAsBoolean()) {
                    throw e;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            sleep(backoff);
            backoff = Math.min(backoff * 2, 5_000);
            if (lastFailure != null && backoff >= 5_000) {
                System.err.println("nusomi record: " + request.uri() + " unreachable, retrying: " + lastFailure.getMessage());
                lastFailure = null;
            }
        }
    }

    private static long seconds(String header) {
        try {
            return Long.parseLong(header.trim()) * 1000;
        } catch (NumberFormatException e) {
            return 1000;
        }
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
