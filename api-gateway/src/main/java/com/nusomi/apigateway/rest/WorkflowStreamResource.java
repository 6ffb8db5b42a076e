package com.nusomi.apigateway.rest;

import com.nusomi.apigateway.auth.CurrentCaller;
import com.nusomi.apigateway.auth.RequiresScope;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.stream.EventStreams;
import com.nusomi.apigateway.stream.SseFrames;
import com.nusomi.apigateway.stream.StreamFilter;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
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
    @RequiresScope(Scope.READ)
    public Multi<OutboundSseEvent> stream(@RestPath String slug, @RestQuery String type,
                                          @RestQuery("confidence_gte") String confidenceGte,
                                          @RestQuery("from_t_ms") String fromTMs,
                                          @RestHeader("Last-Event-ID") String lastEventId, @Context Sse sse) {
        StreamFilter filter = StreamFilter.parse(type, confidenceGte, fromTMs);
        return EventStreams.opened(streams.workflow(caller.get(), slug, filter,
                SessionStreamResource.blankToNull(lastEventId), new SseFrames(sse)));
    }
}
