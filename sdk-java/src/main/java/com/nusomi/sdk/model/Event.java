package com.nusomi.sdk.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.nusomi.sdk.internal.EventDeserializer;
import java.time.Instant;
import java.util.Optional;

/**
 * A typed action anchored to a frame (SPEC §2). Within a session events are ordered by {@code (tMs, id)}.
 *
 * @param id         {@code evt_…}
 * @param sessionId  its session
 * @param frameId    its frame; null for an event emitted before the session's first frame, until that frame arrives
 * @param tMs        ms since session start
 * @param type       wire type ({@code click} …); {@link #payload()} is the matching record
 * @param payload    typed payload
 * @param confidence 0..1 (≥ 0.99 from the AX tree or the DOM; 1.0 when emitted through the API)
 * @param source     ax, dom, vision or sdk
 * @param createdAt  when it was stored
 * @param frame      the frame, when queried with {@code include=frame}; else null
 */
@JsonDeserialize(using = EventDeserializer.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(String id, String sessionId, String frameId, long tMs, String type, EventPayload payload,
                    double confidence, String source, Instant createdAt, Frame frame) {

    /** The type as an enum, empty for a type this SDK version does not know. */
    public Optional<EventType> eventType() {
        return EventType.fromWire(type);
    }
}
