package com.nusomi.apigateway.rest;

import com.nusomi.apigateway.auth.OperatorOnly;
import com.nusomi.apigateway.mapping.CreateWorkspaceRequest;
import com.nusomi.apigateway.persistence.WorkspaceRow;
import com.nusomi.apigateway.service.WorkspaceService;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Limits;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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

/** {@code /v1/workspaces}: operator key only. */
@Path("/v1/workspaces")
@Produces(MediaType.APPLICATION_JSON)
@OperatorOnly
public class WorkspacesResource {
    private final WorkspaceService workspaces;

    WorkspacesResource(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    /** {@code disabled_at} is set while the workspace is disabled (its keys answer 403 workspace_disabled). */
    public record WorkspaceView(String id, String name, Instant createdAt, Instant disabledAt) {
        static WorkspaceView of(WorkspaceRow row) {
            return new WorkspaceView(row.id(), row.name(), row.createdAt(), row.disabledAt());
        }
    }

    /** The answer to a create: the only time the admin key's secret is shown. */
    public record CreatedWorkspaceView(String id, String name, String adminKey, Instant createdAt) {}

    @POST
    @APIResponseSchema(value = CreatedWorkspaceView.class, responseCode = "201", responseDescription = "The workspace and its admin key (shown only here)")
    public Uni<RestResponse<CreatedWorkspaceView>> create(@Valid @NotNull CreateWorkspaceRequest body) {
        return workspaces.create(body).map(created -> RestResponse.status(RestResponse.Status.CREATED,
                new CreatedWorkspaceView(created.workspace().id(), created.workspace().name(), created.adminKey(),
                        created.workspace().createdAt())));
    }

    @GET
    public Uni<Page<WorkspaceView>> list(@RestQuery String limit, @RestQuery String cursor) {
        int size = Paging.limit(limit, Limits.LIST_DEFAULT_LIMIT, Limits.LIST_MAX_LIMIT);
        String after = Paging.decode(cursor);
        if (after != null && !IdPrefix.WORKSPACE.matches(after)) {
            throw Paging.invalidCursor();
        }
        return workspaces.list(after, size + 1)
                .map(rows -> Page.of(rows, size, r -> Paging.encode(r.id()), WorkspaceView::of));
    }

    /** Refuses every key of the workspace with 403 workspace_disabled; nothing is deleted. */
    @POST
    @Path("/{id}/disable")
    public Uni<WorkspaceView> disable(@RestPath String id) {
        return workspaces.setDisabled(id, true).map(WorkspaceView::of);
    }

    @POST
    @Path("/{id}/enable")
    public Uni<WorkspaceView> enable(@RestPath String id) {
        return workspaces.setDisabled(id, false).map(WorkspaceView::of);
    }
}
