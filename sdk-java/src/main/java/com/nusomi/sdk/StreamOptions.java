package com.nusomi.sdk;

import com.nusomi.sdk.model.EventType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Options of {@link Events#stream(String, StreamOptions)}.
 *
 * @param types         only these types, or empty for all
 * @param confidenceGte only events with at least this confidence, or null
 * @param fromTMs       start at this session time instead of the beginning, or null
 * @param lastEventId   resume after this event id (sent as {@code Last-Event-ID}), or null
 * @param reconnect     reconnect after a dropped connection (default true)
 * @param maxReconnects give up after this many failed connections in a row (default 10)
 * @param idleTimeout   treat a connection silent this long as dead and reconnect (default 45 s; the server sends a
 *                      keepalive every 15 s)
 */
public record StreamOptions(List<EventType> types, Double confidenceGte, Long fromTMs, String lastEventId,
                            boolean reconnect, int maxReconnects, Duration idleTimeout) {
    /** Every event from the beginning, reconnecting. */
    public static final StreamOptions DEFAULT = new StreamOptions(List.of(), null, null, null, true, 10,
            Duration.ofSeconds(45));

    public StreamOptions {
        types = types == null ? List.of() : List.copyOf(types);
    }

    /** Only events of these types. */
    public static StreamOptions types(EventType... types) {
        return DEFAULT.withTypes(Arrays.asList(types));
    }

    public StreamOptions withTypes(List<EventType> value) {
        return new StreamOptions(value, confidenceGte, fromTMs, lastEventId, reconnect, maxReconnects, idleTimeout);
    }

    public StreamOptions withConfidenceGte(double value) {
        return new StreamOptions(types, value, fromTMs, lastEventId, reconnect, maxReconnects, idleTimeout);
    }

    public StreamOptions withFromTMs(long value) {
        return new StreamOptions(types, confidenceGte, value, lastEventId, reconnect, maxReconnects, idleTimeout);
    }

    public StreamOptions withLastEventId(String value) {
        return new StreamOptions(types, confidenceGte, fromTMs, value, reconnect, maxReconnects, idleTimeout);
    }

    public StreamOptions withReconnect(boolean value) {
        return new StreamOptions(types, confidenceGte, fromTMs, lastEventId, value, maxReconnects, idleTimeout);
    }

    public StreamOptions withMaxReconnects(int value) {
        return new StreamOptions(types, confidenceGte, fromTMs, lastEventId, reconnect, value, idleTimeout);
    }

    public StreamOptions withIdleTimeout(Duration value) {
        return new StreamOptions(types, confidenceGte, fromTMs, lastEventId, reconnect, maxReconnects, value);
    }
}
