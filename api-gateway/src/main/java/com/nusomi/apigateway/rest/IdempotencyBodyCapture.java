package com.nusomi.apigateway.rest;

import com.nusomi.contracts.Headers;
import io.netty.buffer.ByteBufInputStream;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the body of a write carrying {@code Idempotency-Key} (and of every event emit, whose events the rate limit
 * counts) at the Vert.x level, before REST: the SHA-256 is computed chunk by chunk as the bytes arrive, and the one
 * buffer is handed to the resource as its entity stream ({@link IdempotencyFilter#restoreBody}), so a 32 MiB frame
 * upload is neither read twice nor copied for hashing. Other requests are not touched.
 */
@ApplicationScoped
public class IdempotencyBodyCapture {
    static final String CAPTURED = "nusomi.captured-body";
    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH);
    private static final Pattern EMIT = Pattern.compile("^/v1/sessions/[^/]+/events/?$");
    /** Runs before the HTTP layer's other filters that look at the request (none read bodies). */
    private static final int PRIORITY = 100;

    /** The body as received and its SHA-256 (hex). */
    public record CapturedBody(Buffer bytes, String sha256) {
        InputStream stream() {
            return new ByteBufInputStream(bytes.getByteBuf(), false);
        }
    }

    private final long maxBytes;

    IdempotencyBodyCapture(@ConfigProperty(name = "quarkus.http.limits.max-body-size") io.quarkus.runtime.configuration.MemorySize max) {
        this.maxBytes = max.asLongValue();
    }

    void register(@Observes Filters filters) {
        filters.register(this::capture, PRIORITY);
    }

    static CapturedBody of(RoutingContext context) {
        return context == null ? null : context.get(CAPTURED);
    }

    void capture(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!wanted(request) || request.isEnded()) {
            context.next();
            return;
        }
        String length = request.getHeader("Content-Length");
        long declared = length == null ? -1 : parse(length);
        if (declared > maxBytes) {
            context.next(); // the HTTP layer refuses it (413) without reading it
            return;
        }
        MessageDigest sha = sha256();
        Buffer body = Buffer.buffer(declared > 0 ? (int) declared : 1024);
        boolean[] tooLarge = {false};
        request.handler(chunk -> {
            if (tooLarge[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBytes) {
                tooLarge[0] = true;
                context.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                        .end("{\"error\":{\"code\":\"invalid_request\",\"message\":\"the request body exceeds "
                                + maxBytes + " bytes\",\"param\":null,\"request_id\":null}}");
                return;
            }
            sha.update(chunk.getByteBuf().nioBuffer());
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(context::fail);
        request.endHandler(done -> {
            if (!tooLarge[0]) {
                context.put(CAPTURED, new CapturedBody(body, HexFormat.of().formatHex(sha.digest())));
                context.next();
            }
        });
        request.resume();
    }

    private static boolean wanted(HttpServerRequest request) {
        String path = request.path();
        if (path == null || !path.startsWith("/v1/") || !WRITES.contains(request.method())) {
            return false;
        }
        return request.getHeader(Headers.IDEMPOTENCY_KEY) != null
                || (request.method() == HttpMethod.POST && EMIT.matcher(path).matches());
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
