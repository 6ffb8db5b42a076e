package com.nusomi.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A client of the public API that knows only what SPEC.md says: bearer key, JSON bodies, multipart frame upload. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String key;

    Api(String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key;
    }

    Api as(String otherKey) {
        return new Api(baseUrl, otherKey);
    }

    /** One answer: status, body (parsed JSON or null), headers. */
    record Answer(int status, JsonNode body, HttpResponse<byte[]> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String errorCode() {
            return body.path("error").path("code").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    Answer delete(String path) {
        return send(request(path).DELETE());
    }

    Answer post(String path, Object body) {
        try {
            String json = body instanceof String s ? s : JSON.writeValueAsString(body);
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A POST carrying extra headers (e.g. {@code Idempotency-Key}). */
    Answer post(String path, Object body, Map<String, String> headers) {
        try {
            String json = body instanceof String s ? s : JSON.writeValueAsString(body);
            var builder = request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json));
            headers.forEach(builder::header);
            return send(builder);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code POST /v1/sessions/{id}/frames}: a metadata part plus one image/webp part per frame. */
    Answer uploadFrames(String sessionId, Map<String, Object> metadata, Map<String, byte[]> images) {
        String boundary = "nusomi-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        try {
            part(body, boundary, "metadata", null, "application/json", JSON.writeValueAsBytes(metadata));
            for (var image : images.entrySet()) {
                part(body, boundary, image.getKey(), image.getKey() + ".webp", "image/webp", image.getValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return send(request("/v1/sessions/" + sessionId + "/frames")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private static void part(ByteArrayOutputStream out, String boundary, String name, String filename, String type, byte[] content) {
        var header = new StringBuilder("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append('"');
        if (filename != null) {
            header.append("; filename=\"").append(filename).append('"');
        }
        header.append("\r\nContent-Type: ").append(type).append("\r\n\r\n");
        out.writeBytes(header.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private HttpRequest.Builder request(String path) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        return builder;
    }

    private static Answer send(HttpRequest.Builder builder) {
        try {
            HttpResponse<byte[]> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Plain GET of any URL (presigned links in a manifest). */
    static byte[] fetch(String url) {
        try {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + " → " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
