package com.nusomi.sdk.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Who drives a session: {@code kind} is {@code human}, {@code model} or {@code script}; {@code id} is yours.
 *
 * @param kind human, model or script
 * @param id   your id for the actor, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Actor(String kind, String id) {
    /** A person, e.g. an operator's login. */
    public static Actor human(String id) {
        return new Actor("human", id);
    }

    /** A model, e.g. an agent's name and version. */
    public static Actor model(String id) {
        return new Actor("model", id);
    }

    /** Code driving the recording (the SDK's default). */
    public static Actor script() {
        return new Actor("script", null);
    }
}
