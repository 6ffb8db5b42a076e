package com.nusomi.sessionsealer.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.nusomi.contracts.avro.Actor;
import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.Outcome;
import com.nusomi.contracts.avro.SessionSnapshot;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.contracts.avro.SessionTag;
import com.nusomi.contracts.avro.Surface;
import com.nusomi.sessionsealer.persistence.SessionRow;
import java.util.ArrayList;
import java.util.List;

/** Catalog rows ↔ the {@link SessionSnapshot} that replies and lifecycle records carry. */
public final class Snapshots {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Snapshots() {}

    public static SessionSnapshot of(SessionRow row) {
        return of(row, row.status());
    }

    /** The row as seen with another status (a deleted session's last snapshot). */
    public static SessionSnapshot of(SessionRow row, SessionStatus status) {
        return SessionSnapshot.newBuilder()
                .setId(row.id())
                .setWorkspaceId(row.workspaceId())
                .setWorkflow(row.workflow())
                .setStatus(status)
                .setActor(new Actor(ActorKind.valueOf(row.actorKind()), row.actorId()))
                .setSurface(Surface.valueOf(row.surface()))
                .setMetadata(parse(row.metadataJson(), "metadata").toString()) // compact, as sent
                .setTags(tags(row.tagsJson()))
                .setOutcome(row.outcome() == null ? null : Outcome.valueOf(row.outcome()))
                .setCreatedAt(row.createdAt())
                .setStartedAt(row.startedAt())
                .setStoppedAt(row.stoppedAt())
                .setSealedAt(row.sealedAt())
                .setDurationMs(row.durationMs())
                .setFrameCount(row.frameCount())
                .setEventCount(row.eventCount())
                .build();
    }

    /** The {@code tags} column for a new session: {@code [{name, data, t_ms}]}, data as JSON. */
    public static String tagsJson(List<SessionTag> tags) {
        ArrayNode array = JSON.createArrayNode();
        for (SessionTag tag : tags) {
            var node = array.addObject();
            node.put("name", tag.getName());
            node.set("data", tag.getData() == null ? null : parse(tag.getData(), "tags.data"));
            node.put("t_ms", tag.getTMs());
        }
        return array.toString();
    }

    /** One element of the {@code tags} column: {@code {name, data, t_ms}}, data as JSON (null when absent). */
    public static String tagJson(String name, String dataJson, long tMs) {
        var node = JSON.createObjectNode();
        node.put("name", name);
        node.set("data", dataJson == null ? null : parse(dataJson, "tag data"));
        node.put("t_ms", tMs);
        return node.toString();
    }

    public static int tagCount(String tagsJson) {
        return parse(tagsJson, "tags").size();
    }

    /** Parses JSON text carried in a record; throws {@link IllegalArgumentException} naming the field. */
    public static JsonNode parse(String text, String field) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(field + " is not valid JSON", e);
        }
    }

    private static List<SessionTag> tags(String json) {
        var tags = new ArrayList<SessionTag>();
        for (JsonNode node : parse(json, "tags")) {
            JsonNode data = node.get("data");
            tags.add(new SessionTag(node.path("name").asText(),
                    data == null || data.isNull() ? null : data.toString(), node.path("t_ms").asLong()));
        }
        return tags;
    }
}
