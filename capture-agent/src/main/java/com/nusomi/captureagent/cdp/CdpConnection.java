package com.nusomi.captureagent.cdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket to a browser's DevTools endpoint, in flat session mode: commands to page targets carry their
 * {@code sessionId}. Commands answer futures; events go to listeners on one dispatch thread, in arrival order.
 */
public final class CdpConnection implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A protocol event: the method, its params, and the page session it came from (null for the browser). */
    public record Event(String method, JsonNode params, String sessionId) {}

    /** A listener of protocol events. */
    @FunctionalInterface
    public interface Listener {
        void on(Event event);
    }

    /** The browser answered a command with an error. */
    public static final class CdpException extends RuntimeException {
        public CdpException(String message) {
            super(message);
        }
    }

    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService dispatch = Executors.newSingleThreadExecutor(r -> daemon(r, "cdp-events"));
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private CdpConnection(WebSocket.Builder builder, URI endpoint) {
        this.socket = builder.buildAsync(endpoint, new Receiver()).join();
    }

    /** Connects to a browser WebSocket endpoint ({@code ws://host:port/devtools/browser/…}). */
    public static CdpConnection open(URI webSocketUrl) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return new CdpConnection(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)), webSocketUrl);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Sends a command to the browser target. */
    public CompletableFuture<JsonNode> send(String method, JsonNode params) {
        return send(method, params, null);
    }

    /** Sends a command, to a page session when {@code sessionId} is given; completes with its result. */
    public CompletableFuture<JsonNode> send(String method, JsonNode params, String sessionId) {
        long id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params == null ? JSON.createObjectNode() : params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        var answer = new CompletableFuture<JsonNode>();
        pending.put(id, answer);
        if (closed.isDone()) {
            pending.remove(id);
            answer.completeExceptionally(new CdpException("the DevTools connection is closed"));
            return answer;
        }
        synchronized (socket) { // WebSocket allows one outstanding send at a time
            socket.sendText(message.toString(), true).join();
        }
        return answer;
    }

    /** Sends and waits (bounded) for the result. */
    public JsonNode call(String method, JsonNode params, String sessionId) {
        try {
            return send(method, params, sessionId).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new CdpException(e.getCause().toString());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new CdpException(method + " got no answer within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdpException(method + " interrupted");
        }
    }

    public static ObjectNode params() {
        return JSON.createObjectNode();
    }

    public CompletableFuture<Void> closedFuture() {
        return closed;
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            socket.abort();
        }
        finish();
    }

    private void finish() {
        closed.complete(null);
        pending.values().forEach(f -> f.completeExceptionally(new CdpException("the DevTools connection closed")));
        pending.clear();
        dispatch.shutdown();
    }

    private void onMessage(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (Exception e) {
            return;
        }
        if (message.has("id")) {
            var answer = pending.remove(message.get("id").asLong());
            if (answer != null) {
                if (message.has("error")) {
                    answer.completeExceptionally(new CdpException(message.get("error").path("message").asText("CDP error")));
                } else {
                    answer.complete(message.path("result"));
                }
            }
            return;
        }
        var event = new Event(message.path("method").asText(), message.path("params"),
                message.hasNonNull("sessionId") ? message.get("sessionId").asText() : null);
        dispatch.execute(() -> listeners.forEach(l -> {
            try {
                l.on(event);
            } catch (RuntimeException e) {
                System.err.println("nusomi record: handling " + event.method() + " failed: " + e);
            }
        }));
    }

    private final class Receiver implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onMessage(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            finish();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            finish();
        }
    }

    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
