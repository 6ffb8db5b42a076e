package com.nusomi.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.sdk.model.Actor;
import com.nusomi.sdk.model.SessionCreate;
import com.nusomi.sdk.model.SessionData;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code nusomi.sessions()}: create, read, list and drive the lifecycle of recordings (SPEC §3). */
public final class Sessions {
    private final HttpTransport http;
    private final Events events;
    private final Frames frames;

    Sessions(HttpTransport http, Events events, Frames frames) {
        this.http = http;
        this.events = events;
        this.frames = frames;
    }

    /** Creates a session ({@code status: created}); the actor defaults to {@code script}, code driving it. */
    public Session create(SessionCreate input) {
        SessionCreate body = input.actor() == null ? input.withActor(Actor.script()) : input;
        return wrap(http.json(HttpTransport.Call.post("/v1/sessions", body), SessionData.class));
    }

    /** Creates a session of {@code workflow} driven by a script. */
    public Session create(String workflow) {
        return create(SessionCreate.of(workflow));
    }

    public Session get(String id) {
        return wrap(http.json(HttpTransport.Call.get("/v1/sessions/" + HttpTransport.encode(id)), SessionData.class));
    }

    /** Every session, newest first, paged lazily. */
    public ListResult<Session> list() {
        return list(SessionListFilter.ALL);
    }

    /** Sessions matching the filter, newest first, paged lazily. */
    public ListResult<Session> list(SessionListFilter filter) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("workflow", filter.workflow());
        q.put("status", filter.status());
        q.put("outcome", filter.outcome());
        q.put("actor.kind", filter.actorKind());
        q.put("tag", filter.tag());
        q.put("since", filter.since());
        q.put("until", filter.until());
        return http.list("/v1/sessions", q, filter.paging(), SessionData.class).map(this::wrap);
    }

    public Session start(String id) {
        Session s = wrap(http.json(HttpTransport.Call.post("/v1/sessions/" + HttpTransport.encode(id) + "/start", null),
                SessionData.class));
        events.rememberStart(s.id(), s.startedAt());
        return s;
    }

    public Session stop(String id) {
        return wrap(http.json(HttpTransport.Call.post("/v1/sessions/" + HttpTransport.encode(id) + "/stop", null),
                SessionData.class));
    }

    /** Tags a session at the current session time; {@code data} is any JSON-serialisable value, or null. */
    public void tag(String id, String name, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (data != null) {
            body.put("data", data);
        }
        http.json(HttpTransport.Call.post("/v1/sessions/" + HttpTransport.encode(id) + "/tags", body),
                JsonNode.class);
    }

    /** Deletes a session with its frames, events and images. */
    public void delete(String id) {
        http.json(HttpTransport.Call.delete("/v1/sessions/" + HttpTransport.encode(id)),
                JsonNode.class);
    }

    Session wrap(SessionData data) {
        if (data != null && data.startedAt() != null) {
            events.rememberStart(data.id(), data.startedAt());
        }
        return new Session(this, data);
    }

    Events events() {
        return events;
    }

    Frames frames() {
        return frames;
    }

    HttpTransport http() {
        return http;
    }
}
