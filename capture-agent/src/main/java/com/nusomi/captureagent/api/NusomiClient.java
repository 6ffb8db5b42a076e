package com.nusomi.captureagent.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * What the agent asks of the platform: session lifecycle and frame uploads through the public API (api-gateway), raw
 * input signals to capture-ingest (DESIGN: capture agents talk to capture-ingest).
 */
public final class NusomiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Endpoints endpoints;
    private final HttpRetry retry = new HttpRetry();

    public NusomiClient(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** The platform refused a request for good (4xx): retrying the same request cannot help. */
    public static final class Refused extends IOException {
        public Refused(String message) {
            super(message);
        }
    }

    /** One captured frame: its t_ms, WebP bytes and metadata fields (SPEC "Frame upload"); dom and AX tree may be null. */
    public record Frame(long tMs, byte[] webp, ObjectNode viewport, ObjectNode app, ObjectNode cursor, ObjectNode dom,
                        ObjectNode accessibilityTree) {}

    public JsonNode createSession(String workflow, String actorKind, ObjectNode metadata) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("workflow", workflow).put("surface", "web");
        body.putObject("actor").put("kind", actorKind);
        body.set("metadata", metadata);
        return json(call(gateway("/v1/sessions").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString()), () -> true, 201));
    }

    public JsonNode start(String sessionId) throws IOException {
        return json(call(gateway("/v1/sessions/" + sessionId + "/start").POST(HttpRequest.BodyPublishers.noBody()), () -> true, 200));
    }

    public JsonNode stop(String sessionId) throws IOException {
        return json(call(gateway("/v1/sessions/" + sessionId + "/stop").POST(HttpRequest.BodyPublishers.noBody()), () -> true, 200));
    }

    /** Uploads a batch (≤ 50 frames); the same Idempotency-Key on every attempt, so a lost answer duplicates nothing. */
    public JsonNode uploadFrames(String sessionId, List<Frame> frames, BooleanSupplier keepTrying) throws IOException {
        String boundary = "nusomi-" + UUID.randomUUID();
        ObjectNode metadata = JSON.createObjectNode();
        ArrayNode list = metadata.putArray("frames");
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            ObjectNode entry = list.addObject().put("t_ms", f.tMs()).put("image", "f" + i);
            entry.set("viewport", f.viewport());
            entry.set("dom", f.dom());
            entry.set("accessibility_tree", f.accessibilityTree());
            entry.set("app", f.app());
            entry.set("cursor", f.cursor());
        }
        var body = new ByteArrayOutputStream();
        part(body, boundary, "Content-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json",
                metadata.toString().getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < frames.size(); i++) {
            part(body, boundary, "Content-Disposition: form-data; name=\"f" + i + "\"; filename=\"f" + i + ".webp\"\r\n"
                    + "Content-Type: image/webp", frames.get(i).webp());
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var request = gateway("/v1/sessions/" + sessionId + "/frames")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        return json(call(request, keepTrying, 201));
    }

    /** Sends signals ({@code {"signals": [...]}}) to capture-ingest; re-sending is safe (the ingest keys them by seq). */
    public JsonNode uploadSignals(String sessionId, ArrayNode signals, BooleanSupplier keepTrying) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.set("signals", signals);
        var request = HttpRequest.newBuilder(URI.create(endpoints.ingestUrl() + "/internal/v1/sessions/" + sessionId + "/signals"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        return json(call(request, keepTrying, 201));
    }

    private HttpRequest.Builder gateway(String path) {
        return HttpRequest.newBuilder(URI.create(endpoints.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + endpoints.apiKey());
    }

    private HttpResponse<String> call(HttpRequest.Builder request, BooleanSupplier keepTrying, int expected) throws IOException {
        HttpRequest built = request.build();
        HttpResponse<String> answer = retry.send(built, keepTrying);
        if (answer.statusCode() != expected) {
            throw new Refused(built.method() + " " + built.uri().getPath() + " → " + answer.statusCode() + " " + answer.body());
        }
        return answer;
    }

    private static JsonNode json(HttpResponse<String> answer) throws IOException {
        return JSON.readTree(answer.body());
    }

    private static void part(ByteArrayOutputStream out, String boundary, String headers, byte[] content) {
        out.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
}
