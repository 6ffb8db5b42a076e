package com.nusomi.apigateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.apigateway.mapping.constraints.ApiCodes;
import com.nusomi.apigateway.mapping.constraints.JsonObject;
import com.nusomi.contracts.Limits;
import com.nusomi.contracts.avro.Actor;
import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.CreateSession;
import com.nusomi.contracts.avro.SessionTag;
import com.nusomi.contracts.avro.Surface;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /v1/sessions {workflow, actor: {kind, id?}, surface?, metadata?, tags?}}. Unknown fields are ignored. */
public record CreateSessionRequest(
        @NotNull(message = "is required", payload = ApiCodes.InvalidWorkflowSlug.class)
        @Pattern(regexp = Limits.WORKFLOW_SLUG_REGEX, message = "must be a slug matching " + Limits.WORKFLOW_SLUG_REGEX,
                payload = ApiCodes.InvalidWorkflowSlug.class)
        String workflow,
        @NotNull(message = "is required: {kind: human|model|script, id?}") @Valid ActorRequest actor,
        Surface surface,
        @JsonObject(maxBytes = Limits.METADATA_MAX_BYTES, payload = ApiCodes.InvalidMetadata.class) JsonNode metadata,
        @Size(max = Limits.SESSION_TAGS_MAX) List<@NotNull(message = "must be an object {name, data?}") @Valid TagRequest> tags) {

    public record ActorRequest(@NotNull(message = "is required: human, model or script") ActorKind kind,
                               @Size(max = 256) String id) {}

    /** The command the sealer applies; surface defaults to web, metadata to {}. */
    public CreateSession toCommand() {
        return CreateSession.newBuilder()
                .setWorkflow(workflow)
                .setActor(new Actor(actor.kind(), actor.id()))
                .setSurface(surface == null ? Surface.web : surface)
                .setMetadata(metadata == null || metadata.isNull() ? "{}" : metadata.toString())
                .setTags(tags == null ? List.of() : tags.stream().map(TagRequest::toSessionTag).toList())
                .build();
    }
}
