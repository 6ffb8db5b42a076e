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

/** {@code GET /v1/workflows/{slug}/events/stream} (SPEC §4, §5): live events of every session of the workflow. */
@Path("/v1/workflows/{slug}/events/stream")
public class WorkflowStreamResource {
    private final EventStreams streams;
    private final CurrentCaller caller;

    WorkflowStreamResource(EventStreams streams, CurrentCaller caller) {
        this.streams = streams;
        this.caller = caller;
    }

    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
            schema = @Schema(type = SchemaType.STRING, description = "SSE frames (SPEC §5)")))
    @RequiresScope(Scope.READ)
    public void stream(@RestPath String slug, @RestQuery String type, @RestQuery("confidence_gte") String confidenceGte,
                       @RestQuery("from_t_ms") String fromTMs, @RestHeader("Last-Event-ID") String lastEventId,
                       @Context HttpServerResponse response) {
        StreamFilter filter = StreamFilter.parse(type, confidenceGte, fromTMs);
        StreamAnswers.serve(streams.workflow(caller.get(), slug, filter,
                SessionStreamResource.blankToNull(lastEventId)), response);
    }
}
