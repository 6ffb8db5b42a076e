package com.nusomi.apigateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.apigateway.persistence.EventRow;
import java.time.Instant;

/** An event as the API shows it (SPEC §2). */
public record EventView(String id, String sessionId, String frameId, long tMs, String type, JsonNode payload,
                        double confidence, String source, Instant createdAt) {

    public static EventView of(EventRow r) {
        return new EventView(r.id(), r.sessionId(), r.frameId(), r.tMs(), r.type(), Json.parse(r.payloadJson()),
                r.confidence(), r.source(), r.createdAt());
    }
}
