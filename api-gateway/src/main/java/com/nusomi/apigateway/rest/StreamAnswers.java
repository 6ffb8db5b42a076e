package com.nusomi.apigateway.rest;

import com.nusomi.apigateway.stream.EventStreams;
import com.nusomi.apigateway.stream.SseResponse;
import com.nusomi.contracts.Headers;
import com.nusomi.kit.api.RequestIds;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;

/** The answer of the three SSE routes: an error envelope while the stream is refused, else the stream on the response. */
final class StreamAnswers {
    private StreamAnswers() {}

    /** Waits (on the request's worker thread) for the stream to be accepted, then hands the response to it. */
    static void serve(Uni<EventStreams.Opened> opening, HttpServerResponse response) {
        EventStreams.Opened opened = EventStreams.opened(opening);
        var request = CurrentRequestManager.get().getContainerRequestContext();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(Headers.REQUEST_ID, RequestIds.of(request));
        headers.putAll(RateLimitFilter.headers(request));
        SseResponse.serve(opened, response, headers);
    }
}
