package com.nusomi.apigateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.nusomi.apigateway.persistence.SessionRow;
import com.nusomi.contracts.avro.SessionSnapshot;
import com.nusomi.contracts.avro.SessionTag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A session as the API shows it (SPEC §2), whether it comes from a sealer reply or from the catalog. */
public record SessionView(String id, String workflow, String status, Actor actor, String surface, JsonNode metadata,
                          List<Tag> tags, String outcome, Instant createdAt, Instant startedAt, Instant stoppedAt,
                          Instant sealedAt, Long durationMs, long frameCount, long eventCount) {

    public record Actor(String kind, String id) {}

    public record Tag(String name, JsonNode data, long tMs) {}

    public static SessionView of(SessionSnapshot s) {
        List<Tag> tags = new ArrayList<>();
        for (SessionTag tag : s.getTags()) {
            tags.add(new Tag(tag.getName(), tag.getData() == null ? null : Json.parse(tag.getData()), tag.getTMs()));
        }
        return new SessionView(s.getId(), s.getWorkflow(), s.getStatus().name(),
                new Actor(s.getActor().getKind().name(), s.getActor().getId()), s.getSurface().name(),
                Json.parse(s.getMetadata()), tags, s.getOutcome() == null ? null : s.getOutcome().name(),
                s.getCreatedAt(), s.getStartedAt(), s.getStoppedAt(), s.getSealedAt(), s.getDurationMs(),
                s.getFrameCount(), s.getEventCount());
    }

    public static SessionView of(SessionRow r) {
        List<Tag> tags = new ArrayList<>();
        for (JsonNode tag : Json.parse(r.tagsJson())) {
            JsonNode data = tag.get("data");
            tags.add(new Tag(tag.path("name").asText(), data == null || data.isNull() ? null : data,
                    tag.path("t_ms").asLong()));
        }
        JsonNode metadata = r.metadataJson() == null ? JsonNodeFactory.instance.objectNode() : Json.parse(r.metadataJson());
        return new SessionView(r.id(), r.workflow(), r.status(), new Actor(r.actorKind(), r.actorId()), r.surface(),
                metadata, tags, r.outcome(), r.createdAt(), r.startedAt(), r.stoppedAt(), r.sealedAt(), r.durationMs(),
                r.frameCount(), r.eventCount());
    }
}
