package com.nusomi.apigateway.mapping.constraints;

import com.nusomi.contracts.ErrorCode;
import jakarta.validation.Payload;
import java.util.Set;

/**
 * Bean Validation payloads that name the SPEC error code of a constraint, e.g.
 * {@code @Pattern(regexp = …, payload = ApiCodes.InvalidWorkflowSlug.class)}. A constraint without one is
 * {@code invalid_request}. The same code applies when the field cannot even be bound (a number for a slug).
 */
public final class ApiCodes {
    private ApiCodes() {}

    public interface InvalidWorkflowSlug extends Payload {}

    public interface InvalidMetadata extends Payload {}

    public interface InvalidFilter extends Payload {}

    public static ErrorCode of(Set<Class<? extends Payload>> payloads) {
        for (Class<? extends Payload> payload : payloads) {
            if (payload == InvalidWorkflowSlug.class) {
                return ErrorCode.INVALID_WORKFLOW_SLUG;
            }
            if (payload == InvalidMetadata.class) {
                return ErrorCode.INVALID_METADATA;
            }
            if (payload == InvalidFilter.class) {
                return ErrorCode.INVALID_FILTER;
            }
        }
        return ErrorCode.INVALID_REQUEST;
    }
}
