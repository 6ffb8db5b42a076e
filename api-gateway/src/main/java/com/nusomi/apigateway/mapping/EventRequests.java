package com.nusomi.apigateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Limits;
import com.nusomi.contracts.avro.EventType;
import com.nusomi.kit.api.ApiException;
import com.nusomi.kit.json.EventPayloads;
import com.nusomi.kit.json.InvalidPayloadException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@code POST /v1/sessions/{id}/events} bodies: one {@code {type, t_ms, payload, frame_id?}} or {@code {events: […]}}
 * (at most 100). Each event is validated against its type; errors name the field ({@code events[2].payload.x}).
 */
public final class EventRequests {
    private EventRequests() {}

    /** One validated event, not yet given an id. */
    public record NewEvent(EventType type, long tMs, SpecificRecord payload, String frameId, String param) {}

    /** The events of a request and whether it was a batch (the answer's shape follows the request's). */
    public record Emit(List<NewEvent> events, boolean batch) {}

    public static Emit parse(JsonNode body) {
        JsonNode request = JsonBody.object(body);
        JsonNode batch = request.get("events");
        if (batch == null) {
            return new Emit(List.of(event(request, "")), false);
        }
        if (!batch.isArray()) {
            throw ApiException.invalidRequest("events must be an array of events", "events");
        }
        if (batch.isEmpty() || batch.size() > Limits.EVENTS_PER_EMIT_MAX) {
            throw ApiException.invalidRequest("events must hold 1 to " + Limits.EVENTS_PER_EMIT_MAX + " events, got "
                    + batch.size(), "events");
        }
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            String prefix = "events[" + i + "].";
            JsonNode event = batch.get(i);
            if (!event.isObject()) {
                throw ApiException.invalidRequest("events[" + i + "] must be an object", "events[" + i + "]");
            }
            events.add(event(event, prefix));
        }
        return new Emit(events, true);
    }

    private static NewEvent event(JsonNode event, String prefix) {
        EventType type = type(event.get("type"), prefix + "type");
        long tMs = tMs(event.get("t_ms"), prefix + "t_ms");
        SpecificRecord payload;
        try {
            payload = EventPayloads.fromJson(type, event.get("payload"), prefix + "payload");
        } catch (InvalidPayloadException e) {
            throw ApiException.invalidRequest(e.getMessage(), e.param());
        }
        String frameId = JsonBody.string(event, "frame_id", prefix + "frame_id").orElse(null);
        if (frameId != null && !IdPrefix.FRAME.matches(frameId)) {
            throw ApiException.invalidRequest(prefix + "frame_id must be a frame id (frm_…)", prefix + "frame_id");
        }
        return new NewEvent(type, tMs, payload, frameId, prefix);
    }

    private static EventType type(JsonNode value, String param) {
        if (value == null || value.isNull()) {
            throw ApiException.invalidRequest(param + " is required", param);
        }
        if (value.isTextual()) {
            for (EventType t : EventType.values()) {
                if (t.name().equals(value.asText())) {
                    return t;
                }
            }
        }
        throw ApiException.invalidRequest(param + " must be one of " + List.of(EventType.values()) + ", got " + value, param);
    }

    private static long tMs(JsonNode value, String param) {
        if (value == null || value.isNull()) {
            throw ApiException.invalidRequest(param + " is required", param);
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw ApiException.invalidRequest(param + " must be an integer ≥ 0 (milliseconds since the session started)", param);
        }
        return value.asLong();
    }
}
