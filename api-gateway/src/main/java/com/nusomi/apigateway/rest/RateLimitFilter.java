package com.nusomi.apigateway.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.nusomi.apigateway.auth.CurrentCaller;
import com.nusomi.apigateway.service.RateLimitClass;
import com.nusomi.apigateway.service.RateLimitDecision;
import com.nusomi.apigateway.service.RateLimits;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.kit.api.ApiExceptionMappers;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * SPEC §4 rate limits, right after authentication: charges the caller's bucket for the request's class (emits are
 * charged per event, counted from the captured body), answers 429 {@code rate_limited} with {@code Retry-After} when it
 * is empty, and puts {@code X-RateLimit-Limit/Remaining/Reset} on every authenticated answer (errors and replays too).
 */
public class RateLimitFilter {
    public static final String LIMIT = "X-RateLimit-Limit";
    public static final String REMAINING = "X-RateLimit-Remaining";
    public static final String RESET = "X-RateLimit-Reset";
    public static final String RETRY_AFTER = "Retry-After";
    static final String DECISION = "nusomi.rate-limit.decision";
    private static final JsonFactory JSON = new JsonFactory();

    private final RateLimits limits;
    private final CurrentCaller caller;

    RateLimitFilter(RateLimits limits, CurrentCaller caller) {
        this.limits = limits;
        this.caller = caller;
    }

    /** The gateway's own endpoints (not /q/*); only these are authenticated, limited and idempotent. */
    static boolean ours(ResourceInfo resource) {
        return resource.getResourceMethod() != null
                && resource.getResourceClass().getPackageName().startsWith("com.nusomi.apigateway");
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 500)
    public Response limit(ContainerRequestContext request, ResourceInfo resource) {
        if (!limits.enabled() || !ours(resource)) {
            return null;
        }
        RateLimitClass type = RateLimitClass.of(request.getMethod(), request.getUriInfo().getRequestUri().getRawPath());
        int cost = type == RateLimitClass.EMIT_EVENTS ? eventCount(request) : 1;
        RateLimitDecision decision = limits.charge(caller.get(), type, cost);
        request.setProperty(DECISION, decision);
        if (decision.allowed()) {
            return null;
        }
        return ApiExceptionMappers.respond(ErrorCode.RATE_LIMITED.httpStatus(), ErrorCode.RATE_LIMITED.code(),
                "rate limit exceeded for " + type.name().toLowerCase(java.util.Locale.ROOT)
                        + (cost > 1 ? " (this request costs " + cost + ")" : "")
                        + "; retry after " + decision.retryAfterSeconds() + " s", null, request);
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(DECISION) instanceof RateLimitDecision decision)) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headersOf(decision).forEach(headers::putSingle);
    }

    /** The headers of an answer to a request that was charged (empty when limits are off or it was not ours). */
    static java.util.Map<String, String> headers(ContainerRequestContext request) {
        return request.getProperty(DECISION) instanceof RateLimitDecision decision ? headersOf(decision) : java.util.Map.of();
    }

    private static java.util.Map<String, String> headersOf(RateLimitDecision decision) {
        var headers = new java.util.LinkedHashMap<String, String>();
        headers.put(LIMIT, String.valueOf(decision.limit()));
        headers.put(REMAINING, String.valueOf(decision.remaining()));
        headers.put(RESET, String.valueOf(decision.resetSeconds()));
        if (!decision.allowed()) {
            headers.put(RETRY_AFTER, String.valueOf(decision.retryAfterSeconds()));
        }
        return headers;
    }

    /** Events in an emit body: the length of {@code events} in a batch, else 1 (an unreadable body is refused later). */
    private static int eventCount(ContainerRequestContext request) {
        var captured = IdempotencyBodyCapture.of(request);
        if (captured == null) {
            return 1;
        }
        try (InputStream in = captured.stream(); JsonParser parser = JSON.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return 1;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("events".equals(field) && value == JsonToken.START_ARRAY) {
                    int n = 0;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        n++;
                        parser.skipChildren();
                    }
                    return Math.max(1, n);
                }
                parser.skipChildren();
            }
            return 1;
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }
}
