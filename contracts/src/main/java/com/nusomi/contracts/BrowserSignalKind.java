package com.nusomi.contracts;

import java.util.Arrays;
import java.util.Optional;

/**
 * The raw input signals a browser capture agent sends (the {@code kind} of {@code RawInputSignal}); each names the
 * Avro body it carries in {@code BrowserSignal}.
 */
public enum BrowserSignalKind {
    POINTER_DOWN("pointer_down"),
    POINTER_UP("pointer_up"),
    KEY("key"),
    VALUE_CHANGE("value_change"),
    NAVIGATION("navigation"),
    FOCUS_CHANGE("focus_change"),
    FORM_SUBMIT("form_submit"),
    VALIDATION_SURFACED("validation_surfaced"),
    BUSY_START("busy_start"),
    BUSY_END("busy_end"),
    /** a success or error marker element appeared on the page (MarkerSignal) */
    MARKER("marker"),
    /** a failure the page did not mark: a failed request or document, or a page-level alert (FailureSignal) */
    FAILURE("failure");

    private final String wire;

    BrowserSignalKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<BrowserSignalKind> byWire(String wire) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst();
    }
}
