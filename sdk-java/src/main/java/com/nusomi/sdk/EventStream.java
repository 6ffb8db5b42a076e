package com.nusomi.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.sdk.internal.EventDeserializer;
import com.nusomi.sdk.internal.Json;
import com.nusomi.sdk.internal.SseParser;
import com.nusomi.sdk.model.Event;
import com.nusomi.sdk.model.EventType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Live events over Server-Sent Events (SPEC §5): the session's history first, then live, until the session is sealed
 * ({@code event: end}). A dropped connection is resumed with {@code Last-Event-ID}, so nothing is missed or repeated.
 * Iterating blocks until the next event arrives; {@link #close()} (from any thread) ends the iteration.
 * <pre>{@code
 * try (EventStream stream = nusomi.events().stream(sessionId, StreamOptions.types(EventType.CLICK))) {
 *     for (Event ev : stream) {
 *         System.out.println(ev.tMs() + " " + ev.type() + " " + ev.payload());
 *     }
 * }
 * }</pre>
 */
public final class EventStream implements Iterable<Event>, AutoCloseable {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nusomi-sse-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final HttpTransport http;
    private final String path;
    private final String sessionId;
    private final StreamOptions options;

    private volatile boolean closed;
    private volatile InputStream body;
    private volatile long lastActivityNanos;
    private BufferedReader reader;
    private SseParser parser;
    private Event pending;
    private boolean ended;
    private boolean iterated;
    private volatile String lastEventId;
    private volatile int reconnects;
    private int failuresInARow;
    private Long serverRetryMs;
    private ScheduledFuture<?> watchdog;

    EventStream(HttpTransport http, String path, String sessionId, StreamOptions options) {
        this.http = http;
        this.path = path;
        this.sessionId = sessionId;
        this.options = options;
        this.lastEventId = options.lastEventId();
    }

    /** The id of the last event received; a reconnect resumes after it. */
    public String lastEventId() {
        return lastEventId;
    }

    /** How many times the connection was re-established. */
    public int reconnects() {
        return reconnects;
    }

    /** True once the server ended the stream (the session is sealed) or {@link #close()} was called. */
    public boolean isDone() {
        return closed || ended;
    }

    /** Stops the stream: the open connection is cancelled and the iteration ends normally. Safe from any thread. */
    @Override
    public void close() {
        closed = true;
        closeBody();
    }

    /** The events, once (a stream is a single pass over a live connection). */
    @Override
    public synchronized Iterator<Event> iterator() {
        if (iterated) {
            throw new IllegalStateException("an EventStream can be iterated only once");
        }
        iterated = true;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return advance();
            }

            @Override
            public Event next() {
                if (!advance()) {
                    throw new NoSuchElementException();
                }
                Event e = pending;
                pending = null;
                return e;
            }
        };
    }

    /** The events as a sequential {@link Stream}; closing the Stream closes this. */
    public Stream<Event> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false)
                .onClose(this::close);
    }

    /** Reads until an event is pending; false when the stream is over. */
    private synchronized boolean advance() {
        while (pending == null) {
            if (closed || ended) {
                closeBody();
                return false;
            }
            if (reader == null && !connect()) {
                return false;
            }
            NusomiException failure;
            try {
                String line = reader.readLine();
                if (line != null) {
                    lastActivityNanos = System.nanoTime();
                    handle(parser.line(line));
                    continue;
                }
                failure = new NusomiException(NusomiException.CONNECTION_ERROR, "the stream ended before `event: end`");
            } catch (IOException e) {
                failure = new NusomiException(NusomiException.CONNECTION_ERROR, "the stream broke: " + e.getMessage(),
                        0, null, null, null, e);
            }
            dropConnection();
            if (closed) {
                return false;
            }
            scheduleReconnect(failure, null);
        }
        return true;
    }

    private void handle(SseParser.Item item) {
        if (item == null) {
            return;
        }
        if (item instanceof SseParser.Comment comment) {
            if (comment.text().startsWith("dropped")) {
                http.log(Level.WARNING, "nusomi: stream " + path + ": " + comment.text());
            }
            return;
        }
        SseParser.Message message = (SseParser.Message) item;
        failuresInARow = 0;
        if (message.retry() != null) {
            serverRetryMs = message.retry();
        }
        if (message.event().equals("end")) {
            ended = true;
            return;
        }
        if (message.id() != null) {
            lastEventId = message.id();
        }
        pending = toEvent(message);
    }

    /** Opens a connection (after {@code Last-Event-ID} when known); false when closed meanwhile. */
    private boolean connect() {
        while (!closed) {
            Map<String, String> query = new LinkedHashMap<>();
            if (!options.types().isEmpty()) {
                query.put("type", options.types().stream().map(EventType::wire).collect(Collectors.joining(",")));
            }
            if (options.confidenceGte() != null) {
                query.put("confidence_gte", options.confidenceGte().toString());
            }
            if (lastEventId == null && options.fromTMs() != null) {
                query.put("from_t_ms", options.fromTMs().toString());
            }
            HttpTransport.Call call = new HttpTransport.Call("GET", path, query, null, Map.of("Accept", "text/event-stream"));
            if (lastEventId != null) {
                call = call.withHeader("Last-Event-ID", lastEventId);
            }
            try {
                HttpResponse<InputStream> response = http.send(call, false);
                body = response.body();
                if (closed) {
                    closeBody();
                    return false;
                }
                reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                parser = new SseParser();
                lastActivityNanos = System.nanoTime();
                startWatchdog();
                return true;
            } catch (NusomiException e) {
                if (closed) {
                    return false;
                }
                int s = e.status();
                if (s >= 400 && s < 500 && s != 408 && s != 429) {
                    throw e; // not found, no access: reconnecting would not help
                }
                if (e.code().equals(NusomiException.ABORTED)) {
                    throw e;
                }
                scheduleReconnect(e, e.retryAfter().orElse(null));
            }
        }
        return false;
    }

    /** Counts the failure and sleeps before the next connection, or throws when reconnecting is over. */
    private void scheduleReconnect(NusomiException failure, Duration retryAfter) {
        if (!options.reconnect()) {
            throw failure;
        }
        failuresInARow++;
        if (failuresInARow > options.maxReconnects()) {
            throw failure;
        }
        reconnects++;
        Duration delay = retryAfter != null ? http.backoff(0, retryAfter)
                : serverRetryMs != null ? Duration.ofMillis(serverRetryMs) : http.backoff(failuresInARow - 1, null);
        http.log(Level.DEBUG, "nusomi: stream " + path + " dropped (" + failure.code() + "); reconnecting in "
                + delay.toMillis() + " ms after " + (lastEventId == null ? "(start)" : lastEventId));
        try {
            http.pause(delay);
        } catch (NusomiException interrupted) {
            closed = true;
        }
    }

    private void startWatchdog() {
        long idleNanos = options.idleTimeout().toNanos();
        long period = Math.max(50, options.idleTimeout().toMillis() / 3);
        InputStream watched = body;
        watchdog = WATCHDOG.scheduleAtFixedRate(() -> {
            if (body == watched && System.nanoTime() - lastActivityNanos > idleNanos) {
                http.log(Level.DEBUG, "nusomi: stream " + path + " silent for " + options.idleTimeout() + "; reconnecting");
                closeQuietly(watched);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    private void dropConnection() {
        closeBody();
        reader = null;
        parser = null;
    }

    private void closeBody() {
        ScheduledFuture<?> w = watchdog;
        if (w != null) {
            w.cancel(false);
        }
        InputStream b = body;
        body = null;
        if (b != null) {
            closeQuietly(b);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing a broken connection
        }
    }

    /** An SSE message as an Event: {@code id:} is its id, {@code event:} its type, {@code data:} its fields. */
    private Event toEvent(SseParser.Message message) {
        if (message.data().isEmpty()) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(message.data());
            if (!(node instanceof ObjectNode fields)) {
                return null;
            }
            if (!fields.hasNonNull("id") && message.id() != null) {
                fields.put("id", message.id());
            }
            if (!fields.hasNonNull("type")) {
                fields.put("type", message.event());
            }
            if (!fields.hasNonNull("session_id") && sessionId != null) {
                fields.put("session_id", sessionId);
            }
            return EventDeserializer.of(fields);
        } catch (IOException e) {
            http.log(Level.WARNING, "nusomi: stream " + path + ": data that is not JSON skipped");
            return null;
        }
    }
}
