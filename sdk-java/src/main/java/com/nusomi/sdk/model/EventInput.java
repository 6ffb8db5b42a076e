package com.nusomi.sdk.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * An event to emit: {@code {type, t_ms, payload, frame_id?}} (SPEC §4 "Emitting events").
 *
 * @param type    wire type, taken from the payload
 * @param tMs     session time; null lets the SDK use "now" in session time
 * @param payload typed payload
 * @param frameId frame to anchor to, or null for the latest frame at or before {@code tMs}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventInput(String type, Long tMs, EventPayload payload, String frameId) {
    public EventInput {
        Objects.requireNonNull(payload, "payload");
        if (type == null) {
            type = payload.type();
        }
    }

    /** The event at session time {@code tMs}. */
    public static EventInput at(long tMs, EventPayload payload) {
        return new EventInput(payload.type(), tMs, payload, null);
    }

    /** The event now in session time. */
    public static EventInput now(EventPayload payload) {
        return new EventInput(payload.type(), null, payload, null);
    }
}
