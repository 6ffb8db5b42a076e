package com.nusomi.sdk.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.nusomi.sdk.model.Event;
import com.nusomi.sdk.model.EventPayload;
import com.nusomi.sdk.model.EventType;
import com.nusomi.sdk.model.Frame;
import java.io.IOException;
import java.time.Instant;

/** Binds an event's {@code payload} to the record of its {@code type} (the union is discriminated by a sibling field). */
public final class EventDeserializer extends StdDeserializer<Event> {

    public EventDeserializer() {
        super(Event.class);
    }

    @Override
    public Event deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonNode node = p.readValueAsTree();
        return of(node);
    }

    /** An event from its JSON (as listed, emitted or streamed). */
    public static Event of(JsonNode node) throws IOException {
        ObjectMapper json = Json.MAPPER;
        String type = text(node, "type");
        JsonNode payloadNode = node.get("payload");
        if (payloadNode == null || payloadNode.isNull()) {
            payloadNode = JsonNodeFactory.instance.objectNode();
        }
        JsonNode raw = payloadNode;
        EventPayload payload = EventType.fromWire(type)
                .<EventPayload>map(t -> convert(json, raw, t))
                .orElseGet(() -> new EventPayload.Unknown(type, raw));
        JsonNode createdAt = node.get("created_at");
        JsonNode frame = node.get("frame");
        return new Event(text(node, "id"), text(node, "session_id"), text(node, "frame_id"), node.path("t_ms").asLong(),
                type, payload, node.path("confidence").asDouble(), text(node, "source"),
                createdAt == null || createdAt.isNull() ? null : Instant.parse(createdAt.asText()),
                frame == null || frame.isNull() ? null : json.treeToValue(frame, Frame.class));
    }

    private static EventPayload convert(ObjectMapper json, JsonNode payload, EventType type) {
        try {
            return json.treeToValue(payload, type.payloadClass());
        } catch (IOException e) {
            // a payload that does not bind (a newer field shape) is still delivered, untyped
            return new EventPayload.Unknown(type.wire(), payload);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
