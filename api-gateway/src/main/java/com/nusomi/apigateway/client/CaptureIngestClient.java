package com.nusomi.apigateway.client;

import com.nusomi.apigateway.config.GatewayConfig;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.Headers;
import com.nusomi.kit.api.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Streams frame uploads to capture-ingest's internal endpoint: the client's body is written to the forwarded request
 * chunk by chunk as it arrives (Content-Type unchanged, Content-Length when the client declared one, else chunked),
 * so the gateway holds no more of an upload than the chunks in flight.
 */
@ApplicationScoped
public class CaptureIngestClient {
    private static final Logger LOG = Logger.getLogger(CaptureIngestClient.class);
    /** How long a broken connection waits for the body's own failure to be reported first. */
    private static final long BROKEN_GRACE_MS = 200;

    private final io.vertx.core.Vertx vertx;
    private final HttpClient http;
    private final GatewayConfig config;
    private final URI base;

    CaptureIngestClient(Vertx vertx, GatewayConfig config) {
        this.config = config;
        this.base = URI.create(config.captureIngestUrl().replaceAll("/+$", ""));
        this.vertx = vertx.getDelegate();
        this.http = this.vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(5_000)
                .setMaxPoolSize(16)
                // one connection per upload: a kept-alive connection capture-ingest (or a proxy) closed while idle can
                // only fail a streamed body that cannot be sent again; uploads are large, a connect on the way is cheap
                .setKeepAlive(false)
                .setTryUseCompression(false));
    }

    /** capture-ingest's answer, relayed as is. */
    public record Answer(int status, String contentType, byte[] body) {}

    /**
     * Forwards the upload. Fails with what {@code body} failed with when the client's body broke off or grew too large
     * (the forwarded request is then reset, so capture-ingest stores no frame of it); with 500 {@code internal_error}
     * when capture-ingest cannot be reached or does not answer within {@code capture-ingest-timeout} of the body's end.
     */
    public Uni<Answer> uploadFrames(String workspaceId, String sessionId, String requestId, String contentType, RelayedBody body) {
        String path = base.getRawPath() + "/internal/v1/sessions/" + sessionId + "/frames";
        var options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(base.getScheme() + "://" + base.getRawAuthority() + path)
                .putHeader("Content-Type", contentType)
                .putHeader(Headers.WORKSPACE_ID, workspaceId)
                .putHeader(Headers.REQUEST_ID, requestId);
        return Uni.createFrom().completionStage(() -> http.request(options)
                        .onFailure(e -> LOG.errorf("frame upload to capture-ingest failed: %s", e.toString()))
                        .recover(e -> Future.failedFuture(unreachable()))
                        .compose(request -> forward(request, body))
                        .toCompletionStage());
    }

    private Future<Answer> forward(HttpClientRequest request, RelayedBody body) {
        long length = body.length();
        if (length >= 0) {
            request.putHeader("Content-Length", Long.toString(length));
        } else {
            request.setChunked(true);
        }
        // failures surface through the response and the relay futures; without a handler Vert.x logs each reset
        request.exceptionHandler(e -> LOG.debugf("frame upload request to capture-ingest: %s", e.toString()));
        Future<HttpClientResponse> response = request.response();
        Future<Void> sent = body.relayTo(request).compose(v -> request.end(), bodyFailed -> {
            if (!response.succeeded()) {
                request.reset(0, bodyFailed); // capture-ingest stores no frame of a broken body
            }
            // else capture-ingest already answered (it refused early) and closed: a reset would discard that answer
            return Future.failedFuture(bodyFailed);
        });
        // Settled when the body is all sent, or when capture-ingest answered (or the connection broke) before that: a
        // refusal can come early and close the connection, and the rest of the body then never drains into it (the
        // caller drops the rest of the client's body instead). A broken connection waits a moment so that a failure of
        // the body itself (too large), which breaks the connection on purpose, is reported as such.
        Promise<Void> settled = Promise.promise();
        sent.onComplete(done -> settled.tryComplete());
        response.onComplete(answered -> {
            if (answered.succeeded()) {
                settled.tryComplete();
            } else {
                vertx.setTimer(BROKEN_GRACE_MS, id -> settled.tryComplete());
            }
        });
        return settled.future().transform(ignored -> {
            if (sent.failed() && !response.succeeded()) {
                return Future.failedFuture(sent.cause()); // the client's body broke off or grew too large: the caller says so
            }
            if (response.failed()) {
                LOG.errorf("frame upload to capture-ingest failed: %s", response.cause().toString());
                return Future.failedFuture(unreachable());
            }
            // capture-ingest answers once it read the whole body; an early answer (a refusal) is still its answer
            return withTimeout(response.compose(r -> r.body()
                            .map(answer -> new Answer(r.statusCode(), r.getHeader("Content-Type"), answer.getBytes()))), request)
                    .onSuccess(early -> {
                        if (!sent.isComplete()) {
                            request.reset(0); // the answer is in; the rest of the body will not be sent
                        }
                    })
                    .recover(e -> {
                        LOG.errorf("frame upload to capture-ingest failed: %s", e.toString());
                        return Future.failedFuture(unreachable());
                    });
        });
    }

    /**
     * The whole answer (status and body), or a failure when capture-ingest takes longer than the configured timeout to
     * give it; the bound holds even when the connection broke in a way that never completes the answer.
     */
    private Future<Answer> withTimeout(Future<Answer> answer, HttpClientRequest request) {
        if (answer.isComplete()) {
            return answer;
        }
        long ms = config.captureIngestTimeout().toMillis();
        Promise<Answer> bounded = Promise.promise();
        long timer = vertx.setTimer(ms, id -> {
            var late = new TimeoutException("capture-ingest did not answer within " + ms + " ms");
            if (bounded.tryFail(late)) {
                request.reset(0, late);
            }
        });
        answer.onComplete(done -> {
            vertx.cancelTimer(timer);
            if (done.succeeded()) {
                bounded.tryComplete(done.result());
            } else {
                bounded.tryFail(done.cause());
            }
        });
        return bounded.future();
    }

    private static ApiException unreachable() {
        return new ApiException(ErrorCode.INTERNAL_ERROR, "the frame store is not reachable right now; retry the upload");
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
