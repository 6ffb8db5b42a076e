package com.nusomi.apigateway.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.apigateway.auth.CurrentCaller;
import com.nusomi.apigateway.auth.RequiresScope;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.stream.ExportStreams;
import com.nusomi.apigateway.stream.SseFrames;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import com.nusomi.apigateway.stream.EventStreams;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.jboss.resteasy.reactive.RestPath;

/** {@code GET /v1/exports/{id}/stream}: an export's status and progress until it is completed or failed. */
@Path("/v1/exports/{id}/stream")
public class ExportStreamResource {
    private final ExportStreams streams;
    private final CurrentCaller caller;
    private final ObjectMapper json;

    ExportStreamResource(ExportStreams streams, CurrentCaller caller, ObjectMapper json) {
        this.streams = streams;
        this.caller = caller;
        this.json = json;
    }

    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RequiresScope(Scope.READ)
    public Multi<OutboundSseEvent> stream(@RestPath String id, @Context Sse sse) {
        return EventStreams.opened(streams.open(caller.get(), id, new SseFrames(sse),
                row -> (ObjectNode) json.valueToTree(ExportsResource.view(row))));
    }
}
