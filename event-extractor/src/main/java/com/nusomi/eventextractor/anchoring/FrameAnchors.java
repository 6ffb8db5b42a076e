package com.nusomi.eventextractor.anchoring;

import java.util.Optional;

/** SPEC "Emitting events": the frame an event at {@code tMs} belongs to. */
@FunctionalInterface
public interface FrameAnchors {
    /** The latest frame of the session with t_ms ≤ {@code tMs}, else its first frame; empty while it has none. */
    Optional<String> anchor(String sessionId, long tMs);
}
