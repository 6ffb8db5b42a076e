package com.nusomi.apigateway.rest;

import com.nusomi.apigateway.auth.CurrentCaller;
import com.nusomi.apigateway.auth.RequiresScope;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.stream.EventStreams;
import com.nusomi.apigateway.stream.StreamFilter;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code GET /v1/sessions/{id}/events/stream} (SPEC §5): the session's events, replayed then live, ending at seal.
 * A class of its own: JAX-RS picks the resource class by path before the method, so this path cannot hang under
 * {@code /v1/sessions/{id}/events}.
 */
@Path("/v1/sessions/{id}/events/stream")
public class SessionStreamResource {
    private final EventStreams streams;
    private final CurrentCaller caller;

    SessionStreamResource(EventStreams streams, CurrentCaller caller) {
        this.streams = streams;
        this.caller = caller;
    }

    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
            schema = @Schema(type = SchemaType.STRING, description = "SSE frames (SPEC §5)")))
    @RequiresScope(Scope.READ)
    public void stream(@RestPath String id, @RestQuery String type, @RestQuery("confidence_gte") String confidenceGte,
                       @RestQuery("from_t_ms") String fromTMs, @RestHeader("Last-Event-ID") String lastEventId,
                       @Context HttpServerResponse response) {
        StreamFilter filter = StreamFilter.parse(type, confidenceGte, fromTMs);
        StreamAnswers.serve(streams.session(caller.get(), id, filter, blankToNull(lastEventId)), response);
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
