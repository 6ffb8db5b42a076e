package com.nusomi.kit.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.contracts.avro.SessionSnapshot;
import com.nusomi.contracts.avro.SessionTag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A session as {@code GET /v1/sessions/{id}} shows it (SPEC §2): the one rendering of a session, used by the gateway's
 * answers (from a sealer reply, or from a catalog row through {@code SessionViews}) and by webhook payloads.
 */
public record SessionView(String id, String workflow, String status, Actor actor, String surface, JsonNode metadata,
                          List<Tag> tags, String outcome, Instant createdAt, Instant startedAt, Instant stoppedAt,
                          Instant sealedAt, Long durationMs, long frameCount, long eventCount) {

    public record Actor(String kind, String id) {}

    public record Tag(String name, JsonNode data, long tMs) {}

    public static SessionView of(SessionSnapshot s) {
        List<Tag> tags = new ArrayList<>();
        for (SessionTag tag : s.getTags()) {
            tags.add(new Tag(tag.getName(), tag.getData() == null ? null : JsonText.parse(tag.getData()), tag.getTMs()));
        }
        return new SessionView(s.getId(), s.getWorkflow(), s.getStatus().name(),
                new Actor(s.getActor().getKind().name(), s.getActor().getId()), s.getSurface().name(),
                JsonText.parse(s.getMetadata()), tags, s.getOutcome() == null ? null : s.getOutcome().name(),
                s.getCreatedAt(), s.getStartedAt(), s.getStoppedAt(), s.getSealedAt(), s.getDurationMs(),
                s.getFrameCount(), s.getEventCount());
    }
}
