package com.nusomi.apigateway.rest;

import com.nusomi.contracts.Headers;
import io.netty.buffer.ByteBufInputStream;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the body of a write carrying {@code Idempotency-Key} (and of every event emit, whose events the rate limit
 * counts) from the Vert.x request inside a REST filter, before REST reads it: the SHA-256 is computed chunk by chunk
 * as the bytes arrive, and the one buffer becomes the entity stream the resource reads. These bodies are small JSON
 * (bounded by the HTTP body limit). A frame upload (up to 32 MiB) is not read here: it is streamed, hashed on its way
 * through ({@link StreamedBody}, {@link #streamed}). Other requests are not touched.
 */
final class IdempotencyBodyCapture {
    static final String CAPTURED = "nusomi.captured-body";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "DELETE", "PATCH");
    private static final Pattern EMIT = Pattern.compile("^/v1/sessions/[^/]+/events/?$");
    private static final Pattern FRAME_UPLOAD = Pattern.compile("^/v1/sessions/[^/]+/frames/?$");

    private IdempotencyBodyCapture() {}

    /** The body as received and its SHA-256 (hex). */
    record CapturedBody(Buffer bytes, String sha256) {
        InputStream stream() {
            return new ByteBufInputStream(bytes.getByteBuf(), false);
        }
    }

    /** Thrown when the body grows past the limit (the HTTP layer's own limit is only checked on Content-Length). */
    static final class TooLarge extends RuntimeException {
        TooLarge(long max) {
            super("the request body exceeds " + max + " bytes");
        }
    }

    static CapturedBody of(ContainerRequestContext request) {
        return request.getProperty(CAPTURED) instanceof CapturedBody body ? body : null;
    }

    static boolean wanted(ContainerRequestContext request) {
        String method = request.getMethod();
        if (!WRITES.contains(method) || streamed(request)) {
            return false;
        }
        return request.getHeaderString(Headers.IDEMPOTENCY_KEY) != null
                || (method.equals("POST") && EMIT.matcher(request.getUriInfo().getRequestUri().getRawPath()).matches());
    }

    /** A frame upload: its body is never held whole but hashed on its way to capture-ingest ({@link StreamedBody}). */
    static boolean streamed(ContainerRequestContext request) {
        return request.getMethod().equals("POST") && FRAME_UPLOAD.matcher(request.getUriInfo().getRequestUri().getRawPath()).matches();
    }

    /** Reads the whole body, hashing as it comes; the request then counts as read, so the caller sets the entity stream. */
    static Uni<CapturedBody> read(HttpServerRequest request, long maxBytes) {
        if (request.isEnded()) {
            return Uni.createFrom().item(new CapturedBody(Buffer.buffer(), hex(sha256().digest())));
        }
        return Uni.createFrom().emitter(emitter -> {
            String length = request.getHeader("Content-Length");
            long declared = length == null ? -1 : parse(length);
            MessageDigest sha = sha256();
            Buffer body = Buffer.buffer(declared > 0 && declared <= maxBytes ? (int) declared : 1024);
            boolean[] failed = {false};
            request.handler(chunk -> {
                if (failed[0]) {
                    return;
                }
                if (body.length() + chunk.length() > maxBytes) {
                    failed[0] = true;
                    emitter.fail(new TooLarge(maxBytes));
                    return;
                }
                sha.update(chunk.getByteBuf().nioBuffer());
                body.appendBuffer(chunk);
            });
            request.exceptionHandler(e -> {
                if (!failed[0]) {
                    failed[0] = true;
                    emitter.fail(e);
                }
            });
            request.endHandler(done -> {
                if (!failed[0]) {
                    emitter.complete(new CapturedBody(body, hex(sha.digest())));
                }
            });
            if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
                request.response().writeContinue(); // curl and others wait for it before sending a body over 1 KiB
            }
            request.resume();
        });
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
