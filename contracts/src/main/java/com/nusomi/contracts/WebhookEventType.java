package com.nusomi.contracts;

import java.util.Arrays;
import java.util.Optional;

/** The webhook event types delivered today (SPEC §7); replay, recovery, memory and quota events come with their capabilities. */
public enum WebhookEventType {
    SESSION_CREATED("session.created"),
    SESSION_STARTED("session.started"),
    SESSION_STOPPED("session.stopped"),
    SESSION_SEALED("session.sealed"),
    SESSION_DELETED("session.deleted"),
    EXPORT_QUEUED("export.queued"),
    EXPORT_COMPLETED("export.completed"),
    EXPORT_FAILED("export.failed");

    private final String wire;

    WebhookEventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<WebhookEventType> fromWire(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst();
    }
}
