package com.nusomi.apigateway.client;

import com.nusomi.apigateway.config.GatewayConfig;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.Headers;
import com.nusomi.kit.api.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import org.jboss.logging.Logger;

/** Forwards frame uploads to capture-ingest's internal endpoint, body and Content-Type unchanged. */
@ApplicationScoped
public class CaptureIngestClient {
    private static final Logger LOG = Logger.getLogger(CaptureIngestClient.class);

    private final HttpClient http;
    private final GatewayConfig config;
    private final URI base;

    CaptureIngestClient(Vertx vertx, GatewayConfig config) {
        this.config = config;
        this.base = URI.create(config.captureIngestUrl().replaceAll("/+$", ""));
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(5_000)
                .setMaxPoolSize(16)
                .setTryUseCompression(false));
    }

    /** capture-ingest's answer, relayed as is. */
    public record Answer(int status, String contentType, byte[] body) {}

    public Uni<Answer> uploadFrames(String workspaceId, String sessionId, String requestId, String contentType, byte[] body) {
        String path = base.getRawPath() + "/internal/v1/sessions/" + sessionId + "/frames";
        var options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(base.getScheme() + "://" + base.getRawAuthority() + path)
                .setTimeout(config.captureIngestTimeout().toMillis())
                .putHeader("Content-Type", contentType)
                .putHeader(Headers.WORKSPACE_ID, workspaceId)
                .putHeader(Headers.REQUEST_ID, requestId);
        return http.request(options)
                .chain(request -> request.send(Buffer.buffer(body)))
                .chain(response -> response.body().map(answer -> new Answer(response.statusCode(),
                        response.getHeader("Content-Type"), answer.getBytes())))
                .onFailure().transform(e -> {
                    LOG.errorf("frame upload to capture-ingest failed: %s", e.toString());
                    return new ApiException(ErrorCode.INTERNAL_ERROR, "the frame store is not reachable right now; retry the upload");
                });
    }

    @PreDestroy
    void close() {
        http.closeAndAwait();
    }
}
