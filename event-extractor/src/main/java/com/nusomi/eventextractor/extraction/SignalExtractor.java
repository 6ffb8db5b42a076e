package com.nusomi.eventextractor.extraction;

import com.nusomi.contracts.avro.CaptureSignal;
import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.RawInputSignal;
import com.nusomi.eventextractor.anchoring.FrameAnchors;
import java.util.List;

/**
 * Turns a capture agent's raw input signal (pointer, key, DOM mutation…) into typed events. The extension point for
 * extraction rules (DESIGN: event-extractor): the topology publishes whatever this returns on nusomi.events, keyed by
 * session. Rules that need windows (retry, wait) will bring their own state stores.
 */
@FunctionalInterface
public interface SignalExtractor {
    /** The events {@code raw} yields, anchored through {@code frames}; empty when it yields none. */
    List<Event> extract(CaptureSignal signal, RawInputSignal raw, FrameAnchors frames);
}
