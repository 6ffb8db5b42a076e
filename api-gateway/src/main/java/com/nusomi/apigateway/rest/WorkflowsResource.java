package com.nusomi.apigateway.rest;

import com.nusomi.apigateway.auth.CurrentCaller;
import com.nusomi.apigateway.auth.RequiresScope;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.persistence.WorkflowRow;
import com.nusomi.apigateway.service.WorkflowService;
import com.nusomi.contracts.Limits;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.jboss.resteasy.reactive.RestQuery;

/** {@code GET /v1/workflows}: the workspace's workflows with their session counts, by slug. */
@Path("/v1/workflows")
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowsResource {
    private final WorkflowService workflows;
    private final CurrentCaller caller;

    WorkflowsResource(WorkflowService workflows, CurrentCaller caller) {
        this.workflows = workflows;
        this.caller = caller;
    }

    public record WorkflowView(String slug, long sessionCount, Instant lastSessionAt) {
        static WorkflowView of(WorkflowRow row) {
            return new WorkflowView(row.slug(), row.sessionCount(), row.lastSessionAt());
        }
    }

    @GET
    @RequiresScope(Scope.READ)
    public Uni<Page<WorkflowView>> list(@RestQuery String limit, @RestQuery String cursor) {
        int size = Paging.limit(limit, Limits.LIST_DEFAULT_LIMIT, Limits.LIST_MAX_LIMIT);
        String after = Paging.decode(cursor);
        if (after != null && !Limits.WORKFLOW_SLUG.matcher(after).matches()) {
            throw Paging.invalidCursor();
        }
        return workflows.list(caller.workspaceId(), after, size + 1)
                .map(rows -> Page.of(rows, size, r -> Paging.encode(r.slug()), WorkflowView::of));
    }
}
