package com.nusomi.apigateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.apigateway.auth.CurrentCaller;
import com.nusomi.apigateway.auth.RequiresScope;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.mapping.Json;
import com.nusomi.apigateway.persistence.ExportRow;
import com.nusomi.apigateway.service.ExportService;
import com.nusomi.kit.view.ExportView;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Limits;
import com.nusomi.contracts.avro.ExportState;
import com.nusomi.kit.api.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/** {@code /v1/exports} (SPEC §6): queue an export, follow its status. */
@Path("/v1/exports")
@Produces(MediaType.APPLICATION_JSON)
public class ExportsResource {
    private final ExportService exports;
    private final CurrentCaller caller;

    ExportsResource(ExportService exports, CurrentCaller caller) {
        this.exports = exports;
        this.caller = caller;
    }

    /** The 202 answer to a create. */
    public record QueuedView(String id, String status, String manifestUrl, Instant createdAt) {}

    /** An export as SPEC §6 shows it, plus the request as understood (filter with times resolved, sampling, destination). */
    static ExportView view(ExportRow r) {
        JsonNode request = Json.parse(r.requestJson());
        return new ExportView(r.id(), r.status(), Json.parse(r.workflowJson()), r.format(), r.tag(), r.rows(),
                r.shards(), r.shardSizeBytes(), r.frames(), r.actions(), r.shardsDone(), r.manifestUrl(),
                r.errorCode() == null ? null : new ExportView.ErrorView(r.errorCode(), r.errorMessage()), r.createdAt(),
                request.get("filter"), request.get("frame_sampling"), request.get("destination"));
    }

    @POST
    @RequiresScope(Scope.WRITE)
    @APIResponseSchema(value = QueuedView.class, responseCode = "202", responseDescription = "The export, queued")
    public Uni<RestResponse<QueuedView>> create(JsonNode body) {
        return exports.create(caller.workspaceId(), body).map(row -> RestResponse.status(RestResponse.Status.ACCEPTED,
                new QueuedView(row.id(), row.status(), null, row.createdAt())));
    }

    @GET
    @Path("/{id}")
    @RequiresScope(Scope.READ)
    public Uni<ExportView> get(@RestPath String id) {
        return exports.get(caller.workspaceId(), id).map(ExportsResource::view);
    }

    @GET
    @RequiresScope(Scope.READ)
    public Uni<Page<ExportView>> list(@RestQuery String limit, @RestQuery String cursor, @RestQuery String workflow,
                                      @RestQuery String status, @RestQuery String tag) {
        int size = Paging.limit(limit, Limits.LIST_DEFAULT_LIMIT, Limits.LIST_MAX_LIMIT);
        String before = Paging.decode(cursor);
        if (before != null && !IdPrefix.EXPORT.matches(before)) {
            throw Paging.invalidCursor();
        }
        if (workflow != null && !Limits.WORKFLOW_SLUG.matcher(workflow).matches()) {
            throw new ApiException(ErrorCode.INVALID_WORKFLOW_SLUG, "workflow must be a slug matching "
                    + Limits.WORKFLOW_SLUG.pattern(), "workflow");
        }
        String state = SessionsResource.oneOf(status, ExportState.values(), "status");
        return exports.list(caller.workspaceId(), workflow, state, tag == null || tag.isBlank() ? null : tag, before, size + 1)
                .map(rows -> Page.of(rows, size, r -> Paging.encode(r.id()), ExportsResource::view));
    }
}
