package com.nusomi.apigateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.kit.api.ApiException;
import java.util.Optional;

/**
 * Typed reads of a JSON request body with SPEC errors; used only by ExportRequests (every other body is bound to a
 * record, see rest/BindingErrors). Delete once ExportRequests is bound to records too.
 * Unknown fields are ignored unless a caller checks for them.
 */
public final class JsonBody {
    private JsonBody() {}

    /** The body as an object; 400 invalid_request when absent or not an object. */
    public static JsonNode object(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ApiException.invalidRequest("a JSON object body is required", null);
        }
        if (!body.isObject()) {
            throw ApiException.invalidRequest("the body must be a JSON object", null);
        }
        return body;
    }

    /** The field, unless absent or null. */
    public static Optional<JsonNode> field(JsonNode object, String name) {
        JsonNode value = object.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    public static Optional<String> string(JsonNode object, String name, String param) {
        return field(object, name).map(v -> {
            if (!v.isTextual()) {
                throw ApiException.invalidRequest(param + " must be a string", param);
            }
            return v.asText();
        });
    }

    public static String requiredString(JsonNode object, String name, String param) {
        return string(object, name, param).orElseThrow(() -> ApiException.invalidRequest(param + " is required", param));
    }

    public static Optional<Long> nonNegativeLong(JsonNode object, String name, String param) {
        return field(object, name).map(v -> {
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                throw ApiException.invalidRequest(param + " must be a non-negative integer", param);
            }
            return v.asLong();
        });
    }

    public static Optional<Boolean> bool(JsonNode object, String name, String param) {
        return field(object, name).map(v -> {
            if (!v.isBoolean()) {
                throw ApiException.invalidRequest(param + " must be true or false", param);
            }
            return v.asBoolean();
        });
    }

    public static Optional<JsonNode> object(JsonNode object, String name, String param, ErrorCode code) {
        return field(object, name).map(v -> {
            if (!v.isObject()) {
                throw new ApiException(code, param + " must be an object", param);
            }
            return v;
        });
    }

    public static Optional<JsonNode> array(JsonNode object, String name, String param) {
        return field(object, name).map(v -> {
            if (!v.isArray()) {
                throw ApiException.invalidRequest(param + " must be an array", param);
            }
            return v;
        });
    }
}
