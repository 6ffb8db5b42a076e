package com.nusomi.sdk.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** The twelve event types of SPEC §2, with the wire name and the payload record of each. */
public enum EventType {
    CLICK("click", EventPayload.Click.class),
    KEYPRESS("keypress", EventPayload.Keypress.class),
    INPUT_TEXT("input_text", EventPayload.InputText.class),
    NAVIGATE("navigate", EventPayload.Navigate.class),
    APP_FOCUS("app_focus", EventPayload.AppFocus.class),
    SUBMIT("submit", EventPayload.Submit.class),
    VALIDATION_ERROR("validation_error", EventPayload.ValidationError.class),
    RETRY("retry", EventPayload.Retry.class),
    WAIT("wait", EventPayload.Wait.class),
    SUCCESS("success", EventPayload.Success.class),
    ERROR("error", EventPayload.Error.class),
    TAG("tag", EventPayload.Tag.class);

    private final String wire;
    private final Class<? extends EventPayload> payloadClass;

    EventType(String wire, Class<? extends EventPayload> payloadClass) {
        this.wire = wire;
        this.payloadClass = payloadClass;
    }

    /** The name the API uses ({@code input_text}). */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The record its payload binds to. */
    public Class<? extends EventPayload> payloadClass() {
        return payloadClass;
    }

    /** The type of a wire name, if this SDK knows it. */
    public static Optional<EventType> fromWire(String wire) {
        for (EventType t : values()) {
            if (t.wire.equals(wire)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wire;
    }
}
