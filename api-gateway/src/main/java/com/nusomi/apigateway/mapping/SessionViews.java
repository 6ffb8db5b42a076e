package com.nusomi.apigateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.nusomi.apigateway.persistence.SessionRow;
import com.nusomi.kit.view.SessionView;
import java.util.ArrayList;
import java.util.List;

/** A catalog row as the API shows a session: service-kit's {@link SessionView}, the one rendering of a session. */
public final class SessionViews {
    private SessionViews() {}

    public static SessionView of(SessionRow r) {
        List<SessionView.Tag> tags = new ArrayList<>();
        for (JsonNode tag : Json.parse(r.tagsJson())) {
            JsonNode data = tag.get("data");
            tags.add(new SessionView.Tag(tag.path("name").asText(), data == null || data.isNull() ? null : data,
                    tag.path("t_ms").asLong()));
        }
        JsonNode metadata = r.metadataJson() == null ? JsonNodeFactory.instance.objectNode() : Json.parse(r.metadataJson());
        return new SessionView(r.id(), r.workflow(), r.status(), new SessionView.Actor(r.actorKind(), r.actorId()),
                r.surface(), metadata, tags, r.outcome(), r.createdAt(), r.startedAt(), r.stoppedAt(), r.sealedAt(),
                r.durationMs(), r.frameCount(), r.eventCount());
    }
}
