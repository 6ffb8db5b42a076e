package com.nusomi.apigateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nusomi.apigateway.auth.CurrentCaller;
import com.nusomi.apigateway.service.IdempotencyCipher;
import com.nusomi.apigateway.service.IdempotencyClaim;
import com.nusomi.apigateway.service.IdempotencyRequest;
import com.nusomi.apigateway.service.IdempotencyStore;
import com.nusomi.apigateway.service.IdempotentIds;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.Headers;
import com.nusomi.contracts.Limits;
import com.nusomi.kit.api.ApiExceptionMappers;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * {@code Idempotency-Key} on every write under {@code /v1} (SPEC §4). After authentication (and the rate limit) the
 * key is claimed in {@code gateway.idempotency_keys}; the first request runs and its answer is stored when it leaves
 * (response filter); the same key with the same method, path and body within 24 h gets that answer again
 * ({@code Idempotent-Replayed: true}) without the resource running; the same key with another request, or while the
 * first is still running, gets 409. A 5xx answer is not stored: the claim is released so the client may retry the same
 * request, which mints the same ids ({@link IdempotentIds}) and so does not create twice what the first one created.
 */
public class IdempotencyFilter {
    private static final Logger LOG = Logger.getLogger(IdempotencyFilter.class);
    public static final String REPLAYED = "Idempotent-Replayed";
    static final String PENDING = "nusomi.idempotency.pending";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "DELETE", "PATCH");
    private static final Pattern KEY = Pattern.compile("^[\\x21-\\x7E]{1,255}$");
    private static final String BEARER = "Bearer ";

    /** A claim this request holds until its answer is stored. */
    record Pending(IdempotencyRequest request, String token, String apiKeySecret) {}

    private final IdempotencyStore store;
    private final CurrentCaller caller;
    private final CurrentVertxRequest vertxRequest;
    private final ObjectMapper json;

    private final long maxBodyBytes;

    IdempotencyFilter(IdempotencyStore store, CurrentCaller caller, CurrentVertxRequest vertxRequest, ObjectMapper json,
                      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        this.store = store;
        this.caller = caller;
        this.vertxRequest = vertxRequest;
        this.json = json;
        this.maxBodyBytes = maxBody.asLongValue();
    }

    /**
     * Right after authentication (before the rate limit, which counts an emit's events): reads the body of a write
     * with {@code Idempotency-Key}, or of an emit, hashing it as it arrives, and hands it to REST as the entity stream.
     */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 100)
    public Uni<Response> captureBody(ContainerRequestContext request, ResourceInfo resource) {
        if (!RateLimitFilter.ours(resource) || !IdempotencyBodyCapture.wanted(request)) {
            return Uni.createFrom().nullItem();
        }
        return IdempotencyBodyCapture.read(vertxRequest.getCurrent().request(), maxBodyBytes)
                .map(body -> {
                    request.setProperty(IdempotencyBodyCapture.CAPTURED, body);
                    request.setEntityStream(body.stream());
                    return (Response) null;
                })
                .onFailure(IdempotencyBodyCapture.TooLarge.class).recoverWithItem(e -> ApiExceptionMappers.respond(413,
                        ErrorCode.INVALID_REQUEST.code(), e.getMessage(), null, request));
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 100)
    public Uni<Response> claim(ContainerRequestContext request, ResourceInfo resource) {
        String key = request.getHeaderString(Headers.IDEMPOTENCY_KEY);
        if (key == null || !WRITES.contains(request.getMethod()) || !RateLimitFilter.ours(resource)) {
            return Uni.createFrom().nullItem();
        }
        if (!KEY.matcher(key).matches()) {
            return Uni.createFrom().item(ApiExceptionMappers.respond(400, ErrorCode.INVALID_REQUEST.code(),
                    "Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good choice)",
                    Headers.IDEMPOTENCY_KEY, request));
        }
        var captured = IdempotencyBodyCapture.of(request);
        boolean streamed = captured == null && IdempotencyBodyCapture.streamed(request);
        if (captured == null && !streamed) {
            return Uni.createFrom().nullItem(); // not a body the capture reads (cannot happen for /v1 writes)
        }
        // a streamed upload is claimed before its body is read: the hash comes with the answer (or decides a replay)
        var idempotent = new IdempotencyRequest(caller.get().keyId(), key, request.getMethod(),
                request.getUriInfo().getRequestUri().getRawPath(), streamed ? null : captured.sha256());
        String secret = secret(request);
        var context = vertxRequest.getCurrent();
        return store.claim(idempotent).chain(claim -> switch (claim) {
            case IdempotencyClaim.Claimed claimed -> {
                request.setProperty(PENDING, new Pending(idempotent, claimed.token(), secret));
                IdempotentIds.seed(context, claimed.idSeed());
                yield Uni.createFrom().nullItem();
            }
            case IdempotencyClaim.Replay replay -> Uni.createFrom().item(replay(request, idempotent, replay, secret));
            case IdempotencyClaim.Answered answered -> {
                // read (and drop) the body only to hash it: the same body replays the answer, another one conflicts
                StreamedBody body = StreamedBody.of(request, vertxRequest.getCurrent().request(),
                        Limits.FRAME_UPLOAD_MAX_BYTES, maxBodyBytes, true);
                yield body.discardRest().map(done -> answered.bodySha256().equals(body.sha256())
                        ? replay(request, idempotent, answered.replay(), secret)
                        : mismatch(request, key, idempotent.method(), idempotent.path()));
            }
            case IdempotencyClaim.Mismatch mismatch -> Uni.createFrom().item(mismatch(request, key, mismatch.method(), mismatch.path()));
            case IdempotencyClaim.InFlight inFlight -> Uni.createFrom().item(Response.fromResponse(conflict(request,
                    "a request with Idempotency-Key '" + key + "' is still being processed; retry once it has been answered"))
                    .header("Retry-After", "1").build());
        });
    }

    private static Response mismatch(ContainerRequestContext request, String key, String method, String path) {
        return conflict(request, "Idempotency-Key '" + key + "' was already used for another request (" + method + " "
                + path + ", or another body) within the last 24 h; use a new key for a new request");
    }

    @ServerResponseFilter
    public Uni<Void> store(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(PENDING) instanceof Pending pending)) {
            return Uni.createFrom().voidItem();
        }
        request.removeProperty(PENDING);
        IdempotencyRequest answered = pending.request();
        if (answered.bodySha256() == null) {
            StreamedBody body = StreamedBody.of(request);
            String sha256 = body == null ? null : body.sha256();
            if (sha256 == null) { // the body was not read to its end (the client went away): nothing to replay
                return store.release(answered, pending.token()).onFailure().recoverWithNull();
            }
            answered = answered.withBodySha256(sha256);
        }
        Uni<Void> done;
        if (response.getStatus() >= 500) {
            done = store.release(pending.request(), pending.token());
        } else {
            byte[] body;
            try {
                body = bytes(response.getEntity());
            } catch (JsonProcessingException e) {
                LOG.warnf("cannot keep the answer for Idempotency-Key %s: %s", pending.request().key(), e.getMessage());
                return store.release(pending.request(), pending.token()).onFailure().recoverWithNull();
            }
            String type = response.getMediaType() == null ? null : response.getMediaType().toString();
            done = store.complete(answered, pending.token(), response.getStatus(), type,
                    IdempotencyCipher.seal(pending.apiKeySecret(), pending.request().key(), body));
        }
        // the answer still goes out; the claim then stays in flight until in-flight-timeout (a retry gets 409 until then)
        return done.onFailure().invoke(e -> LOG.warnf("cannot store the answer for Idempotency-Key %s: %s",
                pending.request().key(), e.getMessage())).onFailure().recoverWithNull();
    }

    private Response replay(ContainerRequestContext request, IdempotencyRequest idempotent, IdempotencyClaim.Replay replay,
                            String secret) {
        byte[] body;
        try {
            body = IdempotencyCipher.open(secret, idempotent.key(), replay.sealedBody());
        } catch (GeneralSecurityException e) {
            // only the key that stored it can open it; the scope is that key, so this means tampering
            LOG.errorf("stored answer for Idempotency-Key %s cannot be opened", idempotent.key());
            return ApiExceptionMappers.respond(500, ErrorCode.INTERNAL_ERROR.code(), "internal error", null, request);
        }
        var answer = Response.status(replay.status()).header(REPLAYED, "true");
        if (body.length > 0) {
            answer.entity(body);
        }
        if (replay.contentType() != null) {
            answer.type(replay.contentType());
        }
        return answer.build();
    }

    private static Response conflict(ContainerRequestContext request, String message) {
        return ApiExceptionMappers.respond(409, ErrorCode.INVALID_REQUEST.code(), message, Headers.IDEMPOTENCY_KEY, request);
    }

    private byte[] bytes(Object entity) throws JsonProcessingException {
        return switch (entity) {
            case null -> new byte[0];
            case byte[] raw -> raw;
            case String text -> text.getBytes(StandardCharsets.UTF_8);
            default -> json.writeValueAsBytes(entity);
        };
    }

    /** The bearer secret (authentication already accepted it): it keys the stored answer's encryption. */
    private static String secret(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        return header.substring(BEARER.length()).trim();
    }
}
