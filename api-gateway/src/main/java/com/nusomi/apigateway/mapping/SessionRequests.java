package com.nusomi.apigateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.Limits;
import com.nusomi.contracts.avro.Actor;
import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.CreateSession;
import com.nusomi.contracts.avro.SessionTag;
import com.nusomi.contracts.avro.Surface;
import com.nusomi.kit.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code POST /v1/sessions} bodies → {@link CreateSession}, with the SPEC's 400s. Unknown fields are ignored. */
public final class SessionRequests {
    static final int TAGS_MAX = 100;
    static final int TAG_NAME_MAX = 200;
    static final int ACTOR_ID_MAX = 256;

    private SessionRequests() {}

    public static CreateSession create(JsonNode body) {
        JsonNode request = JsonBody.object(body);
        return CreateSession.newBuilder()
                .setWorkflow(workflow(request))
                .setActor(actor(request))
                .setSurface(surface(request))
                .setMetadata(metadata(request))
                .setTags(tags(request))
                .build();
    }

    /** A workflow slug given as a string: 400 invalid_workflow_slug otherwise. */
    public static String slug(JsonNode value, String param) {
        if (value == null || value.isNull()) {
            throw new ApiException(ErrorCode.INVALID_WORKFLOW_SLUG, param + " is required", param);
        }
        if (!value.isTextual() || !Limits.WORKFLOW_SLUG.matcher(value.asText()).matches()) {
            throw new ApiException(ErrorCode.INVALID_WORKFLOW_SLUG, param + " must be a slug matching "
                    + Limits.WORKFLOW_SLUG.pattern() + ", got " + value, param);
        }
        return value.asText();
    }

    private static String workflow(JsonNode request) {
        return slug(request.get("workflow"), "workflow");
    }

    private static Actor actor(JsonNode request) {
        JsonNode actor = JsonBody.object(request, "actor", "actor", ErrorCode.INVALID_REQUEST)
                .orElseThrow(() -> ApiException.invalidRequest("actor is required: {kind: human|model|script, id?}", "actor"));
        JsonNode kind = actor.get("kind");
        if (kind == null || !kind.isTextual() || !isOneOf(kind.asText(), ActorKind.values())) {
            throw ApiException.invalidRequest("actor.kind must be one of human, model, script", "actor.kind");
        }
        String id = JsonBody.string(actor, "id", "actor.id").orElse(null);
        if (id != null && id.length() > ACTOR_ID_MAX) {
            throw ApiException.invalidRequest("actor.id must be at most " + ACTOR_ID_MAX + " characters", "actor.id");
        }
        return new Actor(ActorKind.valueOf(kind.asText()), id);
    }

    private static Surface surface(JsonNode request) {
        JsonNode surface = request.get("surface");
        if (surface == null || surface.isNull()) {
            return Surface.web;
        }
        if (!surface.isTextual() || !isOneOf(surface.asText(), Surface.values())) {
            throw ApiException.invalidRequest("surface must be one of web, macos, windows, linux, remote", "surface");
        }
        return Surface.valueOf(surface.asText());
    }

    private static String metadata(JsonNode request) {
        JsonNode metadata = request.get("metadata");
        if (metadata == null || metadata.isNull()) {
            return "{}";
        }
        if (!metadata.isObject()) {
            throw new ApiException(ErrorCode.INVALID_METADATA, "metadata must be a JSON object", "metadata");
        }
        String text = metadata.toString();
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > Limits.METADATA_MAX_BYTES) {
            throw new ApiException(ErrorCode.INVALID_METADATA, "metadata is " + bytes + " bytes; at most "
                    + Limits.METADATA_MAX_BYTES + " are allowed", "metadata");
        }
        return text;
    }

    private static List<SessionTag> tags(JsonNode request) {
        var array = JsonBody.array(request, "tags", "tags");
        if (array.isEmpty()) {
            return List.of();
        }
        if (array.get().size() > TAGS_MAX) {
            throw ApiException.invalidRequest("at most " + TAGS_MAX + " tags", "tags");
        }
        List<SessionTag> tags = new ArrayList<>();
        for (int i = 0; i < array.get().size(); i++) {
            JsonNode tag = array.get().get(i);
            String param = "tags[" + i + "]";
            if (!tag.isObject()) {
                throw ApiException.invalidRequest(param + " must be an object {name, data?}", param);
            }
            String name = JsonBody.requiredString(tag, "name", param + ".name");
            if (name.isBlank() || name.length() > TAG_NAME_MAX) {
                throw ApiException.invalidRequest(param + ".name must be 1 to " + TAG_NAME_MAX + " characters", param + ".name");
            }
            JsonNode data = tag.get("data");
            tags.add(new SessionTag(name, data == null || data.isNull() ? null : data.toString(), 0L));
        }
        return tags;
    }

    static boolean isOneOf(String value, Enum<?>[] values) {
        return Arrays.stream(values).anyMatch(v -> v.name().equals(value));
    }
}
