package com.nusomi.sdk.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A replay of a recorded session (SPEC §8).
 *
 * @param id        {@code rpl_…}
 * @param sessionId the session replayed
 * @param mode      exact, guided, partial
 * @param status    queued, running, completed, diverged, failed, budget_exceeded, cancelled
 * @param raw       every field as sent
 */
public record Replay(String id, String sessionId, String mode, String status, @JsonValue JsonNode raw) {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Replay of(JsonNode node) {
        return new Replay(node.path("id").asText(null), node.path("session_id").asText(null),
                node.path("mode").asText(null), node.path("status").asText(null), node);
    }
}
