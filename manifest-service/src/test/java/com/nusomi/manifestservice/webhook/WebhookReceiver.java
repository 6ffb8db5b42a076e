package com.nusomi.manifestservice.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A customer's endpoint on the laptop: a JDK HTTP server on a free port answering scripted statuses, recording requests. */
final class WebhookReceiver implements AutoCloseable {
    /** One request as the endpoint saw it. */
    record Received(Instant at, long nanos, String signature, String deliveryId, String contentType, byte[] body) {}

    private final HttpServer server;
    private final Deque<Integer> script = new ArrayDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** In a script: answer 200, but only after the deliverer's timeout (3 s in tests) has passed. */
    static final int TOO_LATE = -1;

    /** Answers the given statuses in turn, then 200 forever. */
    WebhookReceiver(Integer... statuses) {
        script.addAll(List.of(statuses));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(Instant.now(), System.nanoTime(), exchange.getRequestHeaders().getFirst("Nusomi-Signature"),
                    exchange.getRequestHeaders().getFirst("Nusomi-Delivery-Id"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            Integer status;
            synchronized (script) {
                status = script.isEmpty() ? 200 : script.poll();
            }
            if (status == TOO_LATE) {
                try {
                    Thread.sleep(4_500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 200;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
