package com.nusomi.apigateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.apigateway.mapping.Json;
import com.nusomi.apigateway.persistence.EventRow;
import com.nusomi.contracts.avro.Event;
import com.nusomi.kit.json.EventPayloads;
import java.time.Instant;
import java.util.Comparator;

/**
 * An event as a stream shows it (SPEC §2 fields), whether it came live from the topic or from the catalog. {@code frame}
 * is its whole SSE frame ({@code id:}, {@code event:}, {@code data:} as wire bytes), rendered once, when the feed decodes
 * the record: a live event goes to every stream of its session, and each of them writes these same bytes (never
 * modified); rendering per stream on the feed thread was the fan-out's main cost.
 */
public record StreamEvent(String id, String sessionId, String workspaceId, String frameId, long tMs, String type,
                          JsonNode payload, double confidence, String source, Instant createdAt, byte[] frame) {

    public StreamEvent(String id, String sessionId, String workspaceId, String frameId, long tMs, String type,
                       JsonNode payload, double confidence, String source, Instant createdAt) {
        this(id, sessionId, workspaceId, frameId, tMs, type, payload, confidence, source, createdAt,
                SseFrames.event(id, type, render(id, sessionId, frameId, tMs, type, payload, confidence, source, createdAt)));
    }

    /** The session order (SPEC §2): {@code (t_ms, id)}. */
    public static final Comparator<StreamEvent> SESSION_ORDER =
            Comparator.comparingLong(StreamEvent::tMs).thenComparing(StreamEvent::id);
    /** Across the sessions of a workflow t_ms is not comparable: ids are ULIDs, i.e. creation order. */
    public static final Comparator<StreamEvent> WORKFLOW_ORDER = Comparator.comparing(StreamEvent::id);

    public static StreamEvent of(Event e) {
        return new StreamEvent(e.getEventId(), e.getSessionId(), e.getWorkspaceId(), e.getFrameId(), e.getTMs(),
                e.getType().name(), EventPayloads.toJson(e.getPayload()), e.getConfidence(), e.getSource().name(),
                e.getCreatedAt());
    }

    public static StreamEvent of(EventRow r, String workspaceId) {
        return new StreamEvent(r.id(), r.sessionId(), workspaceId, r.frameId(), r.tMs(), r.type(),
                Json.parse(r.payloadJson()), r.confidence(), r.source(), r.createdAt());
    }

    /** The {@code data:} of its SSE frame: the event as {@code GET /v1/sessions/{id}/events} lists it. */
    private static String render(String id, String sessionId, String frameId, long tMs, String type, JsonNode payload,
                                 double confidence, String source, Instant createdAt) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", id);
        node.put("session_id", sessionId);
        node.put("type", type);
        node.put("t_ms", tMs);
        node.put("frame_id", frameId);
        node.put("confidence", confidence);
        node.put("source", source);
        node.set("payload", payload);
        node.put("created_at", createdAt == null ? null : createdAt.toString());
        return node.toString();
    }
}
