package com.nusomi.apigateway.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * capture-ingest's internal endpoint, stood in by a JDK HTTP server: records what the gateway forwards and answers
 * with a scripted status and JSON body. Points {@code nusomi.gateway.capture-ingest-url} at itself.
 */
public class FakeCaptureIngest implements QuarkusTestResourceLifecycleManager {
    /** What capture-ingest received. */
    public record Received(String method, String path, String contentType, String workspace, String requestId, byte[] body) {}

    /** What it answers next. */
    public record Answer(int status, String json) {}

    public static final AtomicReference<Received> LAST = new AtomicReference<>();
    /** Body bytes of the request being received so far: shows whether the gateway streams or buffers. */
    public static final AtomicLong RECEIVING = new AtomicLong();
    public static final AtomicReference<Answer> NEXT = new AtomicReference<>(
            new Answer(201, "{\"data\":[{\"id\":\"frm_01JD0000000000000000000000\",\"t_ms\":0,\"keyframe\":true}]}"));
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            RECEIVING.set(0);
            var out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            try (var in = exchange.getRequestBody()) {
                for (int n; (n = in.read(chunk)) > 0; ) {
                    out.write(chunk, 0, n);
                    RECEIVING.addAndGet(n);
                }
            }
            byte[] body = out.toByteArray();
            var headers = exchange.getRequestHeaders();
            LAST.set(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    headers.getFirst("Content-Type"), headers.getFirst("X-Nusomi-Workspace"),
                    headers.getFirst("X-Request-Id"), body));
            Answer answer = NEXT.get();
            byte[] json = answer.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), json.length);
            exchange.getResponseBody().write(json);
            exchange.close();
        });
        server.start();
        return Map.of("nusomi.gateway.capture-ingest-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
