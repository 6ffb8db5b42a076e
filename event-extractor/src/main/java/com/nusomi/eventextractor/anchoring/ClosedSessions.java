package com.nusomi.eventextractor.anchoring;

import java.util.ArrayList;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sessions that were sealed or deleted, {@code session_id → epoch ms of the transition}: a frame or signal for one
 * of them produced after that moment is late (dead-lettered), one produced before it was covered by the seal
 * (dropped). Entries are forgotten after the retention, when the inputs cannot be replayed that far back any more.
 */
public final class ClosedSessions {
    private final KeyValueStore<String, Long> closed;

    public ClosedSessions(KeyValueStore<String, Long> closed) {
        this.closed = closed;
    }

    public void close(String sessionId, long atMs) {
        closed.put(sessionId, atMs);
    }

    public Optional<Long> closedAt(String sessionId) {
        return Optional.ofNullable(closed.get(sessionId));
    }

    /** Forgets sessions closed before {@code cutoffMs}; answers how many. */
    public int forgetBefore(long cutoffMs) {
        var old = new ArrayList<String>();
        try (var all = closed.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value < cutoffMs) {
                    old.add(entry.key);
                }
            });
        }
        old.forEach(closed::delete);
        return old.size();
    }
}
