package com.nusomi.eventextractor.anchoring;

import com.nusomi.contracts.avro.CaptureSignal;
import com.nusomi.contracts.avro.SdkEventSignal;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * SDK events of sessions that have no frame yet, keyed {@code <session_id>|<t_ms>|<event_id>} so a session's
 * held events come back in the SPEC's total order (t_ms, id) and a re-sent event replaces itself.
 */
public final class PendingSignals {
    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();
    private final KeyValueStore<String, CaptureSignal> pending;

    public PendingSignals(KeyValueStore<String, CaptureSignal> pending) {
        this.pending = pending;
    }

    public void hold(CaptureSignal signal, SdkEventSignal event) {
        pending.put(FrameIndex.key(signal.getSessionId(), signal.getTMs()) + '|' + event.getEventId(), signal);
    }

    /** Removes and returns every event held for the session, in (t_ms, event_id) order. */
    public List<CaptureSignal> release(String sessionId) {
        var keys = new ArrayList<String>();
        var released = new ArrayList<CaptureSignal>();
        try (var held = pending.prefixScan(sessionId + '|', PREFIX_SERIALIZER)) {
            held.forEachRemaining(entry -> {
                keys.add(entry.key);
                released.add(entry.value);
            });
        }
        keys.forEach(pending::delete);
        return released;
    }
}
