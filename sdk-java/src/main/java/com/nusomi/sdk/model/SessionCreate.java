package com.nusomi.sdk.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code POST /v1/sessions}.
 *
 * @param workflow slug {@code ^[a-z0-9_]{2,64}$}; the workflow is created by its first session
 * @param actor    who drives it (the SDK sends {@code script} when null)
 * @param surface  web (default), macos, windows, linux, remote
 * @param metadata a JSON object ≤ 16 KB, or null
 * @param tags     initial tags, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionCreate(String workflow, Actor actor, String surface, Map<String, Object> metadata,
                            List<TagInput> tags) {
    public SessionCreate {
        Objects.requireNonNull(workflow, "workflow");
    }

    /** A session of {@code workflow} driven by a script, on the web surface. */
    public static SessionCreate of(String workflow) {
        return new SessionCreate(workflow, null, null, null, null);
    }

    public SessionCreate withActor(Actor value) {
        return new SessionCreate(workflow, value, surface, metadata, tags);
    }

    public SessionCreate withSurface(String value) {
        return new SessionCreate(workflow, actor, value, metadata, tags);
    }

    public SessionCreate withMetadata(Map<String, Object> value) {
        return new SessionCreate(workflow, actor, surface, value, tags);
    }

    public SessionCreate withTags(List<TagInput> value) {
        return new SessionCreate(workflow, actor, surface, metadata, value);
    }

    /**
     * A tag given at creation.
     *
     * @param name tag name
     * @param data any JSON-serialisable value, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TagInput(String name, Object data) {}
}
