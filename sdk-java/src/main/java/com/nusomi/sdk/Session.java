package com.nusomi.sdk;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.sdk.model.Actor;
import com.nusomi.sdk.model.Event;
import com.nusomi.sdk.model.EventInput;
import com.nusomi.sdk.model.EventPayload;
import com.nusomi.sdk.model.FrameUpload;
import com.nusomi.sdk.model.SessionData;
import com.nusomi.sdk.model.SessionTag;
import com.nusomi.sdk.model.UploadedFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A session as the API answered it ({@link #data()}), with fluent lifecycle calls. Immutable: each call answers the
 * session as the server shows it afterwards.
 * <pre>{@code
 * Session s = nusomi.sessions().create(SessionCreate.of("process_invoice")).start();
 * s.uploadFrames(List.of(FrameUpload.of(0, webp, new Viewport(1440, 900, 1))));
 * s.emit(EventInput.at(480, new EventPayload.Success("invoice_approved")));
 * s = s.stop().waitUntilSealed(Duration.ofSeconds(60));
 * }</pre>
 */
public final class Session {
    private final Sessions resource;
    private final SessionData data;

    Session(Sessions resource, SessionData data) {
        this.resource = resource;
        this.data = data;
    }

    /** The wire fields. */
    @JsonValue
    public SessionData data() {
        return data;
    }

    public String id() {
        return data.id();
    }

    public String workflow() {
        return data.workflow();
    }

    /** created, recording, stopped, sealed. */
    public String status() {
        return data.status();
    }

    public Actor actor() {
        return data.actor();
    }

    public String surface() {
        return data.surface();
    }

    public JsonNode metadata() {
        return data.metadata();
    }

    public List<SessionTag> tags() {
        return data.tags();
    }

    /** success, error, abandoned; null until sealed. */
    public String outcome() {
        return data.outcome();
    }

    public Instant createdAt() {
        return data.createdAt();
    }

    public Instant startedAt() {
        return data.startedAt();
    }

    public Instant stoppedAt() {
        return data.stoppedAt();
    }

    public Instant sealedAt() {
        return data.sealedAt();
    }

    public Long durationMs() {
        return data.durationMs();
    }

    public long frameCount() {
        return data.frameCount();
    }

    public long eventCount() {
        return data.eventCount();
    }

    /** True once sealed. */
    public boolean sealed() {
        return data.sealed();
    }

    /** Starts recording ({@code created → recording}); 409 {@code invalid_state} otherwise. */
    public Session start() {
        return resource.start(id());
    }

    /** Stops recording; 422 {@code session_empty} while it has no frame. */
    public Session stop() {
        return resource.stop(id());
    }

    /** Reloads the session (status, counts, outcome once sealed). */
    public Session refresh() {
        return resource.get(id());
    }

    /** Tags the session ({@code data} any JSON-serialisable value, or null). */
    public void tag(String name, Object data) {
        resource.tag(id(), name, data);
    }

    /** Deletes the session with its frames, events and images. */
    public void delete() {
        resource.delete(id());
    }

    /** Uploads up to 50 frames while recording. */
    public List<UploadedFrame> uploadFrames(List<FrameUpload> frames) {
        return resource.frames().upload(id(), frames);
    }

    /** Emits one event. */
    public Event emit(EventInput event) {
        return resource.events().emit(id(), event);
    }

    /** Emits one event now in session time. */
    public Event emit(EventPayload payload) {
        return resource.events().emit(id(), payload);
    }

    /** The session's live events. */
    public EventStream events(StreamOptions options) {
        return resource.events().stream(id(), options);
    }

    /**
     * Polls until the session is sealed (after stop, once every frame and event is in) and answers it; throws
     * {@code timeout} after {@code timeout}.
     */
    public Session waitUntilSealed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Session current = this;
        while (true) {
            current = current.refresh();
            if (current.sealed()) {
                return current;
            }
            if (System.nanoTime() > deadline) {
                throw new NusomiException(NusomiException.TIMEOUT, "session " + id() + " is still " + current.status()
                        + " after " + timeout);
            }
            resource.http().pause(Duration.ofMillis(500));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Session s && s.data.equals(data);
    }

    @Override
    public int hashCode() {
        return data.hashCode();
    }

    @Override
    public String toString() {
        return data.toString();
    }
}
