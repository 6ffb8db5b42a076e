package com.nusomi.eventextractor.anchoring;

import com.nusomi.contracts.avro.Event;
import com.nusomi.eventextractor.extraction.Extracted;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Anchors extracted events to the frame their action acted on (the agent's frame at {@code frame_t_ms}). Frames and
 * signals travel separately, so an event whose frame is not indexed yet waits in {@code pending-extracted-events}
 * under {@code <session_id>|<frame t_ms>|<event_id>} until a frame at or after that t_ms arrives; frames arrive in
 * t_ms order, so a later frame means the awaited one is indexed or lost (then the latest earlier frame is taken).
 */
public final class ExtractedEvents {
    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();
    private final KeyValueStore<String, Event> pending;
    private final FrameIndex frames;

    public ExtractedEvents(KeyValueStore<String, Event> pending, FrameIndex frames) {
        this.pending = pending;
        this.frames = frames;
    }

    /** The anchored event, or empty when it now waits for its frame. */
    public Optional<Event> anchorOrHold(Extracted extracted) {
        var event = extracted.event();
        var frameId = anchorNow(event.getSessionId(), event.getTMs(), extracted.frameTMs());
        if (frameId.isPresent()) {
            return Optional.of(withFrame(event, frameId.get()));
        }
        long wanted = extracted.frameTMs() == null ? Long.MIN_VALUE : extracted.frameTMs();
        pending.put(FrameIndex.key(event.getSessionId(), wanted) + '|' + event.getEventId(), event);
        return Optional.empty();
    }

    /** A frame at {@code frameTMs} arrived: the events waiting for it or an earlier one, anchored, in (frame, id) order. */
    public List<Event> release(String sessionId, long frameTMs) {
        var released = new ArrayList<Event>();
        var keys = new ArrayList<String>();
        try (var due = pending.range(FrameIndex.key(sessionId, Long.MIN_VALUE), FrameIndex.key(sessionId, frameTMs) + "|~")) {
            due.forEachRemaining(entry -> {
                keys.add(entry.key);
                released.add(anchored(entry.key, entry.value));
            });
        }
        keys.forEach(pending::delete);
        return released;
    }

    /** The session stopped: every waiting event takes the best frame there is; none while the session has no frame. */
    public List<Event> releaseAll(String sessionId) {
        return frames.anchor(sessionId, Long.MAX_VALUE).isPresent() ? release(sessionId, Long.MAX_VALUE) : List.of();
    }

    public void forget(String sessionId) {
        var keys = new ArrayList<String>();
        try (var all = pending.prefixScan(sessionId + '|', PREFIX_SERIALIZER)) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.forEach(pending::delete);
    }

    /** The frame at exactly frame_t_ms; once a later frame exists, the latest one before it; without frame_t_ms, by t_ms. */
    private Optional<String> anchorNow(String sessionId, long tMs, Long frameTMs) {
        if (frameTMs == null) {
            return frames.anchor(sessionId, tMs);
        }
        var exact = frames.at(sessionId, frameTMs);
        if (exact.isPresent()) {
            return exact;
        }
        return frames.hasFrameAfter(sessionId, frameTMs) ? frames.anchor(sessionId, frameTMs) : Optional.empty();
    }

    private Event anchored(String key, Event event) {
        long wanted = FrameIndex.tMsOf(key);
        long at = wanted == Long.MIN_VALUE ? event.getTMs() : wanted;
        return withFrame(event, frames.anchor(event.getSessionId(), at).orElseThrow());
    }

    private static Event withFrame(Event event, String frameId) {
        return new Event(event.getEventId(), event.getSessionId(), event.getWorkspaceId(), frameId, event.getTMs(),
                event.getType(), event.getPayload(), event.getConfidence(), event.getSource(), event.getCreatedAt());
    }
}
