package com.nusomi.apigateway.mapping;

import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.nusomi.apigateway.mapping.constraints.EventPayload;
import com.nusomi.contracts.avro.EventType;
import com.nusomi.kit.json.EventPayloads;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** One emitted event {@code {type, t_ms, payload, frame_id?}}; the payload is checked against its type. */
@EventPayload
@JsonDeserialize(using = JsonDeserializer.None.class)
public record EventRequest(
        @NotNull(message = "is required; one of the twelve event types") EventType type,
        @NotNull(message = "is required (milliseconds since the session started)") @PositiveOrZero Long tMs,
        JsonNode payload,
        @Pattern(regexp = "^frm_[0-9A-HJKMNP-TV-Z]{26}$", message = "must be a frame id (frm_…)") String frameId)
        implements EmitRequest {

    @Override
    public List<EventRequest> events() {
        return List.of(this);
    }

    @Override
    public boolean batch() {
        return false;
    }

    /** The payload as its contracts record (call after validation). */
    public SpecificRecord avroPayload() {
        return EventPayloads.fromJson(type, payload, "payload");
    }
}
