package com.nusomi.kit.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The SPEC §4 error body. {@code param} is always present, null when no single field is at fault. */
public record ErrorEnvelope(Body error) {

    public static ErrorEnvelope of(String code, String message, String param, String requestId) {
        return new ErrorEnvelope(new Body(code, message, param, requestId));
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Body(String code, String message, String param, @JsonProperty("request_id") String requestId) {}
}
