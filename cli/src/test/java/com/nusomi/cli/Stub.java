package com.nusomi.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A local API stub: scripted answers per "METHOD path" (the last repeats), and what it received. */
final class Stub implements AutoCloseable {
    record Reply(int status, String contentType, String body) {}

    record Received(String method, String path, String query, String authorization, String body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cli-stub");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Deque<Reply>> script = new ConcurrentHashMap<>();
    final List<Received> received = new CopyOnWriteArrayList<>();

    Stub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Stub json(String route, int status, String... bodies) {
        Deque<Reply> replies = new ArrayDeque<>();
        for (String b : bodies) {
            replies.add(new Reply(status, "application/json", b));
        }
        script.put(route, replies);
        return this;
    }

    Stub sse(String route, String text) {
        script.put(route, new ArrayDeque<>(List.of(new Reply(200, "text/event-stream", text))));
        return this;
    }

    private void serve(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
                ex.getRequestHeaders().getFirst("Authorization"), body));
        Deque<Reply> replies = script.get(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
        Reply reply;
        if (replies == null) {
            reply = new Reply(404, "application/json", error("invalid_request", "no such endpoint"));
        } else {
            synchronized (replies) {
                reply = replies.size() > 1 ? replies.poll() : replies.peek();
            }
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", reply.contentType());
        ex.sendResponseHeaders(reply.status(), bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"param\":null,\"request_id\":\"req_STUB\"}}";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
