package com.nusomi.apigateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.Limits;
import com.nusomi.kit.api.ApiException;
import java.util.Arrays;

/**
 * What remains of the hand-read session bodies: two helpers ExportRequests still calls. Session bodies are bound to
 * {@link CreateSessionRequest}; delete this once ExportRequests is bound to records too.
 */
public final class SessionRequests {
    private SessionRequests() {}

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

    static boolean isOneOf(String value, Enum<?>[] values) {
        return Arrays.stream(values).anyMatch(v -> v.name().equals(value));
    }
}
