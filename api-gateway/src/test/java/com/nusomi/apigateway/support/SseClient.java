package com.nusomi.apigateway.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events reader written from the WHATWG event-stream rules over the JDK HTTP client: lines are read as
 * they arrive, {@code field: value} (one leading space dropped), a blank line dispatches, {@code :} starts a comment.
 */
public final class SseClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One dispatched event ({@code id} may be null). */
    public record Frame(String id, String event, String data) {}

    /** What the reader saw, in order: a frame, a comment, or the end of the response. */
    public sealed interface Item {}
    public record FrameItem(Frame frame) implements Item {}
    public record CommentItem(String text) implements Item {}
    public record EndItem() implements Item {}

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private final List<String> comments = new ArrayList<>();
    private final List<String> raw = new ArrayList<>();
    private final Thread reader;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = response.statusCode() == 200
                ? Thread.ofPlatform().daemon().name("sse-client").start(this::read) : null;
    }

    /** Opens {@code path} on the gateway at {@code base} with the key and, if given, {@code Last-Event-ID}. */
    public static SseClient open(String base, String path, String key, String lastEventId) {
        var request = HttpRequest.newBuilder(URI.create(base.replaceAll("/$", "") + path))
                .header("Authorization", "Bearer " + key)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new SseClient(HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public Optional<String> header(String name) {
        return response.headers().firstValue(name);
    }

    /** The whole body of a non-200 answer (an error envelope). */
    public String body() {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next event frame, skipping comments; fails if none comes in time or the stream ended. */
    public Frame next() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no frame within " + WAIT);
            }
            Item item = poll(WAIT).orElseThrow(() -> new AssertionError("no frame within " + WAIT));
            if (item instanceof FrameItem f) {
                return f.frame();
            }
            if (item instanceof EndItem) {
                throw new AssertionError("the stream ended; expected another frame");
            }
        }
    }

    /** The next {@code n} event frames. */
    public List<Frame> next(int n) {
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            frames.add(next());
        }
        return frames;
    }

    /** Waits for a comment with this text (e.g. {@code keepalive}); true if it came. */
    public boolean awaitComment(String text) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Item> item = poll(WAIT);
            if (item.isEmpty() || item.get() instanceof EndItem) {
                return false;
            }
            if (item.get() instanceof CommentItem c && c.text().equals(text)) {
                return true;
            }
        }
        return false;
    }

    /** True once the server ended the response; fails on an event frame first. */
    public boolean awaitEnd() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Item> item = poll(WAIT);
            if (item.isEmpty()) {
                return false;
            }
            if (item.get() instanceof EndItem) {
                return true;
            }
            if (item.get() instanceof FrameItem f) {
                throw new AssertionError("expected the end of the stream, got " + f.frame());
            }
        }
        return false;
    }

    /** Event frames that arrive within {@code window} (comments skipped), without failing when none does. */
    public List<Frame> drain(Duration window) {
        List<Frame> frames = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return frames;
            }
            Optional<Item> item = poll(Duration.ofNanos(left));
            if (item.isEmpty() || item.get() instanceof EndItem) {
                return frames;
            }
            if (item.get() instanceof FrameItem f) {
                frames.add(f.frame());
            }
        }
    }

    /** Every line received so far, as sent. */
    public synchronized List<String> rawLines() {
        return List.copyOf(raw);
    }

    public synchronized List<String> comments() {
        return List.copyOf(comments);
    }

    private Optional<Item> poll(Duration timeout) {
        try {
            return Optional.ofNullable(items.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void read() {
        String id = null;
        String event = null;
        StringBuilder data = null;
        try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (this) {
                    raw.add(line);
                }
                if (line.isEmpty()) {
                    if (data != null) {
                        items.add(new FrameItem(new Frame(id, event == null ? "message" : event, data.toString())));
                    }
                    id = null;
                    event = null;
                    data = null;
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "" -> {
                        synchronized (this) {
                            comments.add(value);
                        }
                        items.add(new CommentItem(value));
                    }
                    case "id" -> id = value;
                    case "event" -> event = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException e) {
            // closed by close() or by the server
        }
        items.add(new EndItem());
    }

    /** Disconnects, as a client going away does. */
    @Override
    public void close() {
        if (reader != null) {
            try {
                response.body().close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
