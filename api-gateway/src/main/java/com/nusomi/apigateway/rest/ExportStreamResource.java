package com.nusomi.apigateway.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.apigateway.auth.CurrentCaller;
import com.nusomi.apigateway.auth.RequiresScope;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.stream.ExportStreams;
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
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
            schema = @Schema(type = SchemaType.STRING, description = "SSE frames (SPEC §5)")))
    @RequiresScope(Scope.READ)
    public void stream(@RestPath String id, @Context HttpServerResponse response) {
        StreamAnswers.serve(streams.open(caller.get(), id,
                row -> (ObjectNode) json.valueToTree(ExportsResource.view(row))), response);
    }
}
