package com.nusomi.eventextractor.anchoring;

import com.nusomi.contracts.avro.FrameCaptured;
import java.util.ArrayList;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The frames seen per session, keyed {@code <session_id>|<t_ms as 16 order-preserving hex digits>} so that
 * "latest frame with t_ms ≤ x" is one reverse-range seek and "first frame" one forward seek.
 */
public final class FrameIndex implements FrameAnchors {
    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();
    private final KeyValueStore<String, String> frames;

    public FrameIndex(KeyValueStore<String, String> frames) {
        this.frames = frames;
    }

    /** Remembers a frame; a re-published frame overwrites itself. */
    public void record(FrameCaptured frame) {
        frames.put(key(frame.getSessionId(), frame.getTMs()), frame.getFrameId());
    }

    /** Removes every frame of the session; answers how many there were. */
    public int forget(String sessionId) {
        var keys = new ArrayList<String>();
        try (var all = frames.prefixScan(sessionId + '|', PREFIX_SERIALIZER)) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.forEach(frames::delete);
        return keys.size();
    }

    @Override
    public Optional<String> anchor(String sessionId, long tMs) {
        try (var latestAtOrBefore = frames.reverseRange(key(sessionId, Long.MIN_VALUE), key(sessionId, tMs))) {
            if (latestAtOrBefore.hasNext()) {
                return Optional.of(latestAtOrBefore.next().value);
            }
        }
        try (var first = frames.range(key(sessionId, Long.MIN_VALUE), key(sessionId, Long.MAX_VALUE))) {
            return first.hasNext() ? Optional.of(first.next().value) : Optional.empty();
        }
    }

    /** The frame at exactly {@code tMs}. */
    public Optional<String> at(String sessionId, long tMs) {
        return Optional.ofNullable(frames.get(key(sessionId, tMs)));
    }

    /** True when the session has a frame later than {@code tMs}. */
    public boolean hasFrameAfter(String sessionId, long tMs) {
        if (tMs == Long.MAX_VALUE) {
            return false;
        }
        try (var later = frames.range(key(sessionId, tMs + 1), key(sessionId, Long.MAX_VALUE))) {
            return later.hasNext();
        }
    }

    /** The t_ms encoded in a key made by {@link #key} (also as the prefix of a longer key). */
    static long tMsOf(String key) {
        int start = key.indexOf('|') + 1;
        return Long.parseUnsignedLong(key.substring(start, start + 16), 16) ^ Long.MIN_VALUE;
    }

    /** Store key of a session's frame at {@code tMs}: string order equals (session, t_ms) order, negatives included. */
    static String key(String sessionId, long tMs) {
        return sessionId + '|' + String.format("%016x", tMs ^ Long.MIN_VALUE);
    }
}
