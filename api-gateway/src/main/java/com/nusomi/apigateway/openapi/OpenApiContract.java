package com.nusomi.apigateway.openapi;

import com.nusomi.apigateway.rest.IdempotencyFilter;
import com.nusomi.apigateway.rest.RateLimitFilter;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.Headers;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Adds what SPEC §4 states for every endpoint to the generated document, so resources need no annotations: the bearer
 * scheme, the error envelope, {@code X-Request-Id} and {@code X-RateLimit-*} on answers, {@code Idempotency-Key} on
 * writes, the common error answers, and a tag per resource. Registered with {@code mp.openapi.filter}.
 */
public class OpenApiContract implements OASFilter {
    static final String BEARER = "bearer";
    static final String ERROR = "Error";
    private static final List<String> RATE_HEADERS = List.of(RateLimitFilter.LIMIT, RateLimitFilter.REMAINING, RateLimitFilter.RESET);

    @Override
    public void filterOpenAPI(OpenAPI api) {
        api.info(OASFactory.createInfo().title("Nusomi API").version("v1")
                .description("Records computer-use sessions as frames and typed events and exports them as training "
                        + "datasets. Contract: SPEC §4. Every error answers {\"error\": {code, message, param, request_id}}."));
        Components components = api.getComponents() == null ? OASFactory.createComponents() : api.getComponents();
        api.components(components);
        components.addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .bearerFormat("API key (nsk_live_…, nsk_test_…, nsk_local_…; operator nso_…)")
                .description("Authorization: Bearer <API key>. Scopes read ⊂ write ⊂ admin."));
        components.addSchema(ERROR, errorSchema());
        components.addHeader(Headers.REQUEST_ID, header("The request's id (req_…); also in the error body.", "string"));
        components.addHeader(RateLimitFilter.LIMIT, header("Bucket capacity of the limit this request counted against (burst, 2× the rate).", "integer"));
        components.addHeader(RateLimitFilter.REMAINING, header("Tokens left in that bucket.", "integer"));
        components.addHeader(RateLimitFilter.RESET, header("Seconds until the bucket is full again.", "integer"));
        components.addHeader(RateLimitFilter.RETRY_AFTER, header("Seconds to wait before retrying (429).", "integer"));
        components.addHeader(IdempotencyFilter.REPLAYED, header("true when this is the stored answer of an earlier request with the same Idempotency-Key.", "string"));
        components.addParameter(Headers.IDEMPOTENCY_KEY, OASFactory.createParameter().name(Headers.IDEMPOTENCY_KEY)
                .in(Parameter.In.HEADER).required(false)
                .description("Same key + same body within 24 h → the same status and body, done once; same key with "
                        + "another request, or while the first is in flight → 409 invalid_request.")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).minLength(1).maxLength(255)));
        api.security(List.of(OASFactory.createSecurityRequirement().addScheme(BEARER)));

        if (api.getPaths() == null) {
            return;
        }
        Map<String, PathItem> sorted = new TreeMap<>(api.getPaths().getPathItems());
        sorted.forEach((path, item) -> {
            if (!path.startsWith("/v1/")) {
                return;
            }
            String tag = path.split("/")[2];
            item.getOperations().forEach((method, operation) -> decorate(tag, method, operation));
        });
    }

    private static void decorate(String tag, PathItem.HttpMethod method, Operation operation) {
        operation.tags(List.of(tag));
        boolean write = method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT
                || method == PathItem.HttpMethod.DELETE || method == PathItem.HttpMethod.PATCH;
        if (write) {
            operation.addParameter(OASFactory.createParameter().ref(Headers.IDEMPOTENCY_KEY));
        }
        var responses = operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
        operation.responses(responses);
        responses.getAPIResponses().forEach((status, response) -> addHeaders(status, response, write));
        for (ErrorCode code : ErrorCode.values()) {
            String status = String.valueOf(code.httpStatus());
            if (responses.hasAPIResponse(status) || !common(code, write)) {
                continue;
            }
            responses.addAPIResponse(status, addHeaders(status, error(status), false));
        }
    }

    /** Errors any endpoint may answer; the resource-specific ones (404 kinds, 409, 422) come from the SPEC text. */
    private static boolean common(ErrorCode code, boolean write) {
        return switch (code) {
            case MISSING_AUTHORIZATION, INSUFFICIENT_SCOPE, INVALID_REQUEST, RATE_LIMITED, INTERNAL_ERROR -> true;
            case INVALID_STATE -> write;
            default -> false;
        };
    }

    private static APIResponse error(String status) {
        String codes = String.join(", ", Arrays.stream(ErrorCode.values())
                .filter(c -> String.valueOf(c.httpStatus()).equals(status)).map(ErrorCode::code).toList());
        return OASFactory.createAPIResponse().description("Error: " + codes)
                .content(OASFactory.createContent().addMediaType("application/json",
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(ERROR))));
    }

    /** X-Request-Id on every answer; X-RateLimit-* on every authenticated one (not 401: nothing was counted). */
    private static APIResponse addHeaders(String status, APIResponse response, boolean write) {
        response.addHeader(Headers.REQUEST_ID, OASFactory.createHeader().ref(Headers.REQUEST_ID));
        if (!status.equals("401")) {
            RATE_HEADERS.forEach(h -> response.addHeader(h, OASFactory.createHeader().ref(h)));
        }
        if (write) {
            response.addHeader(IdempotencyFilter.REPLAYED, OASFactory.createHeader().ref(IdempotencyFilter.REPLAYED));
        }
        if (response.getDescription() != null && response.getDescription().startsWith("Error: ") && response.getDescription().contains("rate_limited")) {
            response.addHeader(RateLimitFilter.RETRY_AFTER, OASFactory.createHeader().ref(RateLimitFilter.RETRY_AFTER));
        }
        return response;
    }

    private static Header header(String description, String type) {
        return OASFactory.createHeader().description(description)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.valueOf(type.toUpperCase(java.util.Locale.ROOT))));
    }

    private static Schema errorSchema() {
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema nullableText = OASFactory.createSchema().addType(Schema.SchemaType.STRING).addType(Schema.SchemaType.NULL);
        Schema body = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .required(List.of("code", "message", "param", "request_id"))
                .addProperty("code", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .enumeration(Arrays.stream(ErrorCode.values()).map(c -> (Object) c.code()).toList()))
                .addProperty("message", text)
                .addProperty("param", nullableText.description("JSON path of the offending field, or null"))
                .addProperty("request_id", OASFactory.createSchema().addType(Schema.SchemaType.STRING).pattern("^req_[0-9A-Z]{26}$"));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).required(List.of("error"))
                .addProperty("error", body).description("SPEC §4 error envelope");
    }
}
