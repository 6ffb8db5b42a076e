package com.nusomi.eventextractor.extraction;

import com.nusomi.contracts.avro.CaptureSignal;
import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.RawInputSignal;
import com.nusomi.eventextractor.anchoring.FrameAnchors;
import java.util.List;

/**
 * Turns a raw input signal that carries no typed browser signal (a future native agent's JSON {@code data}) into typed
 * events: the topology publishes whatever this returns on nusomi.events, keyed by session. Browser signals go through
 * {@link BrowserRules} and its state store instead.
 */
@FunctionalInterface
public interface SignalExtractor {
    /** The events {@code raw} yields, anchored through {@code frames}; empty when it yields none. */
    List<Event> extract(CaptureSignal signal, RawInputSignal raw, FrameAnchors frames);
}
