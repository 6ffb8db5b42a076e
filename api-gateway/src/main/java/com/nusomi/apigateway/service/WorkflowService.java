package com.nusomi.apigateway.service;

import com.nusomi.apigateway.persistence.CatalogRepository;
import com.nusomi.apigateway.persistence.WorkflowRow;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Workflows exist implicitly, from their first session: read from the catalog's sessions. */
@ApplicationScoped
public class WorkflowService {
    private final CatalogRepository catalog;

    WorkflowService(CatalogRepository catalog) {
        this.catalog = catalog;
    }

    public Uni<List<WorkflowRow>> list(String workspaceId, String afterSlug, int limit) {
        return catalog.workflows(workspaceId, afterSlug, limit);
    }
}
