package com.nusomi.sdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local HTTP server answering scripted responses per "METHOD path" in order (the last one repeats), and recording
 * every request it got. Plain JDK {@code com.sun.net.httpserver}.
 */
final class StubServer implements AutoCloseable {

    /** What the stub got. */
    record Received(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One scripted answer; {@code handler} (when set) writes the response itself. */
    record Reply(int status, Map<String, String> headers, String body, Handler handler) {
        static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body, null);
        }

        static Reply json(int status, String body, Map<String, String> headers) {
            var h = new java.util.HashMap<>(headers);
            h.put("Content-Type", "application/json");
            return new Reply(status, h, body, null);
        }

        static Reply custom(Handler handler) {
            return new Reply(0, Map.of(), null, handler);
        }
    }

    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stub-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Deque<Reply>> script = new ConcurrentHashMap<>();
    final List<Received> received = new CopyOnWriteArrayList<>();

    StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers these replies in turn to {@code "METHOD /path"}; the last one is repeated. */
    StubServer on(String route, Reply... replies) {
        script.put(route, new ArrayDeque<>(List.of(replies)));
        return this;
    }

    List<Received> requests(String method, String path) {
        List<Received> out = new ArrayList<>();
        for (Received r : received) {
            if (r.method().equals(method) && r.path().equals(path)) {
                out.add(r);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** A client of this stub with recorded (not slept) retry waits. */
    Nusomi client(List<Duration> waits) {
        return Nusomi.builder().apiKey("nsk_test_stub").baseUrl(url()).environment(Map.of())
                .sleeper(waits::add).build();
    }

    private void serve(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body));
        Deque<Reply> replies = script.get(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        Reply reply;
        if (replies == null) {
            reply = Reply.json(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no such route\",\"param\":null,"
                    + "\"request_id\":\"req_stub\"}}");
        } else {
            synchronized (replies) {
                reply = replies.size() > 1 ? replies.poll() : replies.peek();
            }
        }
        try {
            if (reply.handler() != null) {
                reply.handler().handle(exchange);
                return;
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    static String error(String code, String message, String param) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"param\":"
                + (param == null ? "null" : "\"" + param + "\"") + ",\"request_id\":\"req_01TEST\"}}";
    }

    static final String SESSION = """
            {"id":"ses_01","workflow":"process_invoice","status":"created","actor":{"kind":"script","id":null},
             "surface":"web","metadata":{},"tags":[],"outcome":null,"created_at":"2026-12-06T00:00:00Z",
             "started_at":null,"stopped_at":null,"sealed_at":null,"duration_ms":null,"frame_count":0,"event_count":0}""";
}
