package com.nusomi.exportplanner.service;

/**
 * One thing of a selected session that may become a row, as the catalog query returns it in export order
 * {@code (session_id, t_ms, event id (a frame's own candidate first), frame id)}: either an event (with facts about
 * the frame it is anchored to) or a frame (with the best confidence among its events). The rules that turn these
 * into rows are {@link EventGate}, {@link FrameSampler} and {@link RowSequencer}.
 *
 * @param eventId               null for a frame's own candidate
 * @param frameId               the event's frame, or the frame itself; null when the catalog does not hold the
 *                              frame an event is anchored to
 * @param keyframe              whether the frame is a keyframe (false without a frame)
 * @param previousFrameTMs      t_ms of the session's frame before this frame (null for the first, or without a frame)
 * @param frameMaxConfidence    on a frame's own candidate, the highest confidence of its events (null: no event)
 */
public record Candidate(String sessionId, long tMs, String eventId, String eventType, Double eventConfidence,
                        String frameId, long frameTMs, boolean keyframe, Long previousFrameTMs,
                        Double frameMaxConfidence, Sizes sizes) {

    public boolean isEvent() {
        return eventId != null;
    }

    public boolean hasFrame() {
        return frameId != null;
    }

    /** Sizes in bytes as PostgreSQL prints the JSON ({@code octet_length(x::text)}; 4 for a JSON null). */
    public record Sizes(long payloadBytes, long imageBytes, long imageSha256Bytes, long viewportBytes, long domBytes,
                        long accessibilityTreeBytes) {
        public static final Sizes NONE = new Sizes(0, 0, 0, 4, 4, 4);
    }
}
