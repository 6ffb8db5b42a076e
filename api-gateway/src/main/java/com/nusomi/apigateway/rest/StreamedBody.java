package com.nusomi.apigateway.rest;

import com.nusomi.apigateway.client.RelayedBody;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.WriteStream;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The body of a frame upload, read from the Vert.x request as it arrives and passed on chunk by chunk (never held
 * whole): counted against the upload limit and, for a request with {@code Idempotency-Key}, hashed on the way
 * (SHA-256, kept for {@link IdempotencyFilter}). Whatever the answer, the rest of the body is read (and dropped) before
 * it goes out, so a client still sending gets the answer instead of a reset connection; past {@code hardMaxBytes} the
 * connection is closed instead.
 */
final class StreamedBody implements RelayedBody {
    static final String PROPERTY = "nusomi.streamed-body";

    /** The body grew past the upload limit. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long max) {
            super("the upload exceeds " + max + " bytes");
        }
    }

    private final HttpServerRequest request;
    private final long maxBytes;
    private final long hardMaxBytes;
    private final MessageDigest sha;
    private final Promise<Void> end = Promise.promise();
    private Promise<Void> relayed;
    private WriteStream<Buffer> sink;
    private long bytes;
    private boolean started;
    private boolean paused;
    private String digest;

    private StreamedBody(HttpServerRequest request, long maxBytes, long hardMaxBytes, boolean hashed) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.hardMaxBytes = Math.max(maxBytes, hardMaxBytes);
        this.sha = hashed ? newDigest() : null;
    }

    /** The request's body, once per request (the idempotency filter and the resource share it). */
    static StreamedBody of(ContainerRequestContext context, HttpServerRequest request, long maxBytes, long hardMaxBytes,
                           boolean hashed) {
        if (context.getProperty(PROPERTY) instanceof StreamedBody body) {
            return body;
        }
        StreamedBody body = new StreamedBody(request, maxBytes, hardMaxBytes, hashed);
        context.setProperty(PROPERTY, body);
        return body;
    }

    static StreamedBody of(ContainerRequestContext context) {
        return context.getProperty(PROPERTY) instanceof StreamedBody body ? body : null;
    }

    @Override
    public long length() {
        String header = request.getHeader("Content-Length");
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public Future<Void> relayTo(WriteStream<Buffer> sink) {
        if (started) {
            return Future.failedFuture(new IllegalStateException("the body is already being read"));
        }
        this.sink = sink;
        this.relayed = Promise.promise();
        end.future().onComplete(done -> {
            if (done.succeeded()) {
                relayed.tryComplete();
            } else {
                relayed.tryFail(done.cause());
            }
        });
        start();
        return relayed.future();
    }

    /** Stops passing the body on and reads the rest of it, dropping it; completes once it ended (never fails). */
    Uni<Void> discardRest() {
        sink = null;
        start();
        if (paused) {
            paused = false;
            request.resume();
        }
        return Uni.createFrom().completionStage(() -> end.future().otherwiseEmpty().toCompletionStage());
    }

    /** The SHA-256 (hex) of the whole body; null until it was read to its end, or when it is not hashed. */
    String sha256() {
        return digest;
    }

    private void start() {
        if (started) {
            return;
        }
        started = true;
        if (request.isEnded()) {
            ended();
            return;
        }
        request.handler(this::chunk);
        request.exceptionHandler(end::tryFail);
        request.endHandler(v -> ended());
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            request.response().writeContinue(); // curl and others wait for it before sending a body over 1 KiB
        }
        request.resume();
    }

    private void chunk(Buffer chunk) {
        bytes += chunk.length();
        if (sha != null) {
            sha.update(chunk.getByteBuf().nioBuffer());
        }
        if (bytes > hardMaxBytes) {
            sink = null;
            end.tryFail(new TooLarge(maxBytes));
            request.connection().close(); // not worth reading on
            return;
        }
        if (bytes > maxBytes && relayed != null) {
            sink = null;
            relayed.tryFail(new TooLarge(maxBytes));
        }
        if (sink != null) {
            sink.write(chunk);
            if (sink.writeQueueFull()) {
                paused = true;
                request.pause();
                WriteStream<Buffer> full = sink;
                full.drainHandler(v -> {
                    if (paused && sink == full) {
                        paused = false;
                        request.resume();
                    }
                });
            }
        }
    }

    private void ended() {
        if (sha != null) {
            digest = HexFormat.of().formatHex(sha.digest());
        }
        end.tryComplete();
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
