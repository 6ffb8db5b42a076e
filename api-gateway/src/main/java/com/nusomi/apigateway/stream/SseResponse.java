package com.nusomi.apigateway.stream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

/**
 * Serves an accepted stream on the Vert.x response itself: {@code 200}, chunked {@code text/event-stream}, then the
 * frames. Called from the resource method, which answers nothing itself: the RESTEasy request is suspended (as its
 * own streaming does) so that nothing else writes to the response, and closed when the stream terminates.
 */
public final class SseResponse {
    public static final String CONTENT_TYPE = "text/event-stream";

    private SseResponse() {}

    /** {@code headers}: what the response filters put on every answer (they do not run for a taken-over response). */
    public static void serve(EventStreams.Opened opened, HttpServerResponse response, Map<String, String> headers) {
        ResteasyReactiveRequestContext request = CurrentRequestManager.get();
        request.suspend();
        opened.context().runOnContext(v -> {
            VertxSseSink sink = new VertxSseSink(response, request);
            if (!sink.gone()) {
                response.setStatusCode(200).setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE);
                headers.forEach(response::putHeader);
                // sends the head at once: the client sees 200 before the first frame
                response.write(Buffer.buffer());
            }
            opened.start().accept(sink);
        });
    }
}
