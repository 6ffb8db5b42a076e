package com.nusomi.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.sdk.internal.Json;
import com.nusomi.sdk.model.Event;
import com.nusomi.sdk.model.EventInput;
import com.nusomi.sdk.model.EventPayload;
import com.nusomi.sdk.model.EventType;
import com.nusomi.sdk.model.SessionData;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** {@code nusomi.events()}: query, emit and live-stream the typed events of a session. */
public final class Events {
    /** Most events one emit request may carry (SPEC §4). */
    public static final int MAX_EVENTS_PER_EMIT = 100;

    private final HttpTransport http;
    private final Map<String, Instant> startedAt = new ConcurrentHashMap<>();

    Events(HttpTransport http) {
        this.http = http;
    }

    /** Every event of a session in {@code (t_ms, id)} order, paged lazily. */
    public ListResult<Event> query(String sessionId) {
        return query(sessionId, EventQuery.ALL);
    }

    /** Events of a session matching the query, paged lazily. */
    public ListResult<Event> query(String sessionId, EventQuery query) {
        Map<String, String> q = new LinkedHashMap<>();
        if (!query.types().isEmpty()) {
            q.put("type", query.types().stream().map(EventType::wire).collect(Collectors.joining(",")));
        }
        q.put("t_ms.gte", str(query.tMsGte()));
        q.put("t_ms.lte", str(query.tMsLte()));
        q.put("frame_id", query.frameId());
        q.put("confidence.gte", str(query.confidenceGte()));
        q.put("include", query.includeFrame() ? "frame" : null);
        q.put("order", query.order());
        return http.list("/v1/sessions/" + HttpTransport.encode(sessionId) + "/events", q, query.paging(), Event.class);
    }

    /** Emits one event now in session time (the time since the session started). */
    public Event emit(String sessionId, EventPayload payload) {
        return emit(sessionId, EventInput.now(payload));
    }

    /** Emits one event; a null {@code tMs} means now in session time. Answers the stored event. */
    public Event emit(String sessionId, EventInput event) {
        EventInput body = event.tMs() != null ? event
                : new EventInput(event.type(), nowTMs(sessionId), event.payload(), event.frameId());
        return http.json(HttpTransport.Call.post(path(sessionId), body), Event.class);
    }

    /** Emits up to 100 events in one request; answers the stored events in request order. */
    public List<Event> emitMany(String sessionId, List<EventInput> events) {
        if (events.isEmpty() || events.size() > MAX_EVENTS_PER_EMIT) {
            throw new NusomiException("invalid_request", "an emit carries 1 to " + MAX_EVENTS_PER_EMIT
                    + " events, not " + events.size(), 0, "events", null, null, null);
        }
        Long now = events.stream().anyMatch(e -> e.tMs() == null) ? nowTMs(sessionId) : null;
        List<EventInput> body = events.stream()
                .map(e -> e.tMs() != null ? e : new EventInput(e.type(), now, e.payload(), e.frameId())).toList();
        JsonNode answer = http.json(HttpTransport.Call.post(path(sessionId), Map.of("events", body)), JsonNode.class);
        try {
            return Json.MAPPER.readerForListOf(Event.class).readValue(answer.path("data"));
        } catch (java.io.IOException e) {
            throw new NusomiException(NusomiException.INVALID_RESPONSE, "the emitted events do not read: "
                    + e.getMessage(), 201, null, null, null, e);
        }
    }

    /**
     * The session's events over SSE (SPEC §5): history, then live, until the session is sealed. Close the stream
     * (try-with-resources) when done.
     */
    public EventStream stream(String sessionId, StreamOptions options) {
        return new EventStream(http, path(sessionId) + "/stream", sessionId, options);
    }

    /** Every event of the session over SSE. */
    public EventStream stream(String sessionId) {
        return stream(sessionId, StreamOptions.DEFAULT);
    }

    /** Live events of every session of a workflow ({@code GET /v1/workflows/{slug}/events/stream}). */
    public EventStream streamWorkflow(String slug, StreamOptions options) {
        return new EventStream(http, "/v1/workflows/" + HttpTransport.encode(slug) + "/events/stream", null, options);
    }

    void rememberStart(String sessionId, Instant started) {
        if (started != null) {
            startedAt.put(sessionId, started);
        }
    }

    private long nowTMs(String sessionId) {
        Instant started = startedAt.computeIfAbsent(sessionId, id -> {
            SessionData s = http.json(HttpTransport.Call.get("/v1/sessions/" + HttpTransport.encode(id)), SessionData.class);
            return s.startedAt() != null ? s.startedAt() : s.createdAt();
        });
        return Math.max(0, Duration.between(started, Instant.now()).toMillis());
    }

    private static String path(String sessionId) {
        return "/v1/sessions/" + HttpTransport.encode(sessionId) + "/events";
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }
}
