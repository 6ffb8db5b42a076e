package com.nusomi.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.sdk.internal.Json;
import com.nusomi.sdk.model.Page;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** One HTTP exchange with auth, timeout, retries and the error envelope; every resource goes through it. */
final class HttpTransport {
    /** Longest Retry-After the SDK honours before retrying anyway. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    record Config(String apiKey, URI baseUrl, Duration timeout, int maxRetries, String userAgent,
                  System.Logger logger, Duration retryBase, Duration retryMax, HttpClient http, Sleeper sleeper) {}

    /**
     * One request.
     *
     * @param body a JSON value, or a {@link Multipart} body, or null
     */
    record Call(String method, String path, Map<String, String> query, Object body, Map<String, String> headers) {
        static Call get(String path) {
            return new Call("GET", path, Map.of(), null, Map.of());
        }

        static Call get(String path, Map<String, String> query) {
            return new Call("GET", path, query, null, Map.of());
        }

        static Call post(String path, Object body) {
            return new Call("POST", path, Map.of(), body, Map.of());
        }

        static Call delete(String path) {
            return new Call("DELETE", path, Map.of(), null, Map.of());
        }

        Call withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Call(method, path, query, body, h);
        }
    }

    /** A ready multipart body (frame upload). */
    record Multipart(String contentType, byte[] bytes) {}

    private final Config config;

    HttpTransport(Config config) {
        this.config = config;
    }

    Config config() {
        return config;
    }

    /** Sends with retries and binds the JSON answer (null for an empty body). */
    <T> T json(Call call, Class<T> type) {
        return json(call, Json.MAPPER.getTypeFactory().constructType(type));
    }

    <T> T json(Call call, JavaType type) {
        HttpResponse<InputStream> response = send(call, true);
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new NusomiException(NusomiException.CONNECTION_ERROR, "reading the answer of " + call.method() + " "
                    + call.path() + " failed: " + e.getMessage(), response.statusCode(), null, requestId(response), null, e);
        }
        if (bytes.length == 0) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new NusomiException(NusomiException.INVALID_RESPONSE, "the server answered " + response.statusCode()
                    + " with a body that does not read as " + type.getRawClass().getSimpleName() + ": " + e.getMessage(),
                    response.statusCode(), null, requestId(response), null, e);
        }
    }

    /** A lazy list over a list endpoint, {@code pageSize} items a request. */
    <T> ListResult<T> list(String path, Map<String, String> query, ListOptions options, Class<T> item) {
        JavaType pageType = Json.MAPPER.getTypeFactory().constructParametricType(Page.class, item);
        return new ListResult<>(cursor -> {
            Map<String, String> q = new LinkedHashMap<>(query);
            q.put("limit", Integer.toString(options.pageSize()));
            if (cursor != null) {
                q.put("cursor", cursor);
            }
            return json(Call.get(path, q), pageType);
        }, options.cursor());
    }

    /**
     * Sends the request; answers the 2xx response with its body unread. With {@code retry}, 408, 429, 5xx, network
     * failures and time-outs are retried up to {@code maxRetries} times, waiting {@code Retry-After} when the server
     * sent one, else exponential backoff with jitter. Every attempt of a POST carries the same Idempotency-Key, so a
     * retried write is applied once.
     */
    HttpResponse<InputStream> send(Call call, boolean retry) {
        URI uri = uri(call.path(), call.query());
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(config.timeout())
                .header("Authorization", "Bearer " + config.apiKey())
                .header("User-Agent", config.userAgent())
                .header("Accept", "application/json");
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
        if (call.body() instanceof Multipart multipart) {
            builder.header("Content-Type", multipart.contentType());
            publisher = HttpRequest.BodyPublishers.ofByteArray(multipart.bytes());
        } else if (call.body() != null) {
            builder.header("Content-Type", "application/json");
            publisher = HttpRequest.BodyPublishers.ofByteArray(toJson(call.body()));
        }
        if (call.method().equals("POST") && !call.headers().containsKey("Idempotency-Key")) {
            builder.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        call.headers().forEach(builder::setHeader);
        HttpRequest request = builder.method(call.method(), publisher).build();

        for (int attempt = 0; ; attempt++) {
            NusomiException failure;
            try {
                log(Level.DEBUG, "nusomi: " + call.method() + " " + uri + (attempt > 0 ? " (retry " + attempt + ")" : ""));
                HttpResponse<InputStream> response = config.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() / 100 == 2) {
                    return response;
                }
                failure = errorOf(response);
            } catch (HttpTimeoutException e) {
                failure = new NusomiException(NusomiException.TIMEOUT, "no answer within " + config.timeout().toMillis()
                        + " ms from " + call.method() + " " + uri, 0, null, null, null, e);
            } catch (IOException e) {
                failure = new NusomiException(NusomiException.CONNECTION_ERROR, "could not reach " + uri + ": "
                        + e.getMessage(), 0, null, null, null, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NusomiException(NusomiException.ABORTED, "interrupted during " + call.method() + " " + uri,
                        0, null, null, null, e);
            }
            if (!retry || !retryable(failure)) {
                throw failure;
            }
            if (attempt >= config.maxRetries()) {
                log(Level.WARNING, "nusomi: " + call.method() + " " + uri + " failed after " + (attempt + 1)
                        + " attempts: " + failure.code());
                throw failure;
            }
            Duration delay = backoff(attempt, failure.retryAfter().orElse(null));
            log(Level.DEBUG, "nusomi: " + failure.code() + " (" + failure.status() + "); retrying in "
                    + delay.toMillis() + " ms");
            pause(delay);
        }
    }

    static boolean retryable(NusomiException failure) {
        int s = failure.status();
        if (s == 0) {
            return !failure.code().equals(NusomiException.ABORTED);
        }
        return s == 408 || s == 429 || s >= 500;
    }

    /** Delay before retry {@code attempt + 1}: Retry-After when given (≤ 60 s), else min(max, base·2^attempt) with jitter. */
    Duration backoff(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
        }
        long base = config.retryBase().toMillis();
        long ceiling = Math.min(config.retryMax().toMillis(), base << Math.min(attempt, 20));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    void pause(Duration delay) {
        try {
            config.sleeper().sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NusomiException(NusomiException.ABORTED, "interrupted while waiting to retry", 0, null, null, null, e);
        }
    }

    URI uri(String path, Map<String, String> query) {
        StringBuilder url = new StringBuilder(config.baseUrl().toString().replaceAll("/+$", "")).append(path);
        char sep = '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            url.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        return URI.create(url.toString());
    }

    /** The NusomiException of a non-2xx answer, from the SPEC §4 envelope when present, else from the status. */
    static NusomiException errorOf(HttpResponse<InputStream> response) {
        String text;
        try (InputStream in = response.body()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            text = "";
        }
        int status = response.statusCode();
        JsonNode envelope = null;
        try {
            JsonNode root = Json.MAPPER.readTree(text);
            if (root != null && root.path("error").isObject()) {
                envelope = root.get("error");
            }
        } catch (IOException ignored) {
            // not JSON: the status line says it all
        }
        String code = envelope != null && envelope.path("code").isTextual() ? envelope.get("code").asText()
                : fallbackCode(status);
        String message = envelope != null && envelope.path("message").isTextual() && !envelope.get("message").asText().isEmpty()
                ? envelope.get("message").asText()
                : "HTTP " + status + (text.isEmpty() ? "" : ": " + text.substring(0, Math.min(200, text.length())));
        String param = envelope != null && envelope.path("param").isTextual() ? envelope.get("param").asText() : null;
        String requestId = envelope != null && envelope.path("request_id").isTextual() ? envelope.get("request_id").asText()
                : requestId(response);
        return new NusomiException(code, message, status, param, requestId,
                parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null), Instant.now()), null);
    }

    static String fallbackCode(int status) {
        return switch (status) {
            case 401 -> "invalid_api_key";
            case 403 -> "insufficient_scope";
            case 404 -> "not_found";
            case 408 -> NusomiException.TIMEOUT;
            case 409 -> "invalid_state";
            case 429 -> "rate_limited";
            default -> status >= 500 ? "internal_error" : "invalid_request";
        };
    }

    /** {@code Retry-After} as delta-seconds (decimals accepted) or an HTTP date; null when absent or unreadable. */
    static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.matches("\\d+(\\.\\d+)?")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String requestId(HttpResponse<?> response) {
        return response.headers().firstValue("X-Request-Id").orElse(null);
    }

    private static byte[] toJson(Object body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the request body does not serialise to JSON: " + e.getMessage(), e);
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    void log(Level level, String message) {
        if (config.logger().isLoggable(level)) {
            config.logger().log(level, message);
        }
    }
}
