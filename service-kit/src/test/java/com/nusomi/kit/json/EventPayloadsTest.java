package com.nusomi.kit.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nusomi.contracts.avro.ClickPayload;
import com.nusomi.contracts.avro.EventType;
import com.nusomi.contracts.avro.TagPayload;
import org.junit.jupiter.api.Test;

class EventPayloadsTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void clickRoundTripsThroughItsRecord() throws Exception {
        var wire = json.readTree("{\"x\":612,\"y\":388.5,\"target\":{\"role\":\"button\",\"name\":\"Approve\"},\"modifiers\":[\"shift\"]}");
        var record = EventPayloads.fromJson(EventType.click, wire, "payload");
        assertInstanceOf(ClickPayload.class, record);
        assertEquals(EventType.click, EventPayloads.typeOf(record));
        assertEquals(wire.toString(), EventPayloads.toJson(record).toString());
    }

    @Test
    void tagDataKeepsAnyJson() throws Exception {
        var wire = json.readTree("{\"name\":\"checkpoint\",\"data\":{\"step\":3,\"ok\":true}}");
        var record = (TagPayload) EventPayloads.fromJson(EventType.tag, wire, "payload");
        assertEquals(wire.toString(), EventPayloads.toJson(record).toString());
    }

    @Test
    void missingRequiredFieldIsNamed() throws Exception {
        var e = assertThrows(InvalidPayloadException.class,
                () -> EventPayloads.fromJson(EventType.click, json.readTree("{\"x\":1}"), "events[1].payload"));
        assertEquals("events[1].payload.y", e.param());
    }

    @Test
    void wrongTypeAndUnknownFieldAreNamed() throws Exception {
        var wrong = assertThrows(InvalidPayloadException.class,
                () -> EventPayloads.fromJson(EventType.input_text, json.readTree("{\"field\":\"amount\",\"value\":12}"), "payload"));
        assertEquals("payload.value", wrong.param());
        var unknown = assertThrows(InvalidPayloadException.class,
                () -> EventPayloads.fromJson(EventType.success, json.readTree("{\"marker\":\"done\",\"colour\":\"red\"}"), "payload"));
        assertEquals("payload.colour", unknown.param());
    }
}
