package com.nusomi.apigateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.apigateway.auth.KeySecrets;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.mapping.JsonBody;
import com.nusomi.apigateway.persistence.WorkspaceRepository;
import com.nusomi.apigateway.persistence.WorkspaceRow;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.kit.logging.LogFields;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/** Tenants, created by the operator; each comes with its first admin key. */
@ApplicationScoped
public class WorkspaceService {
    private static final Logger LOG = Logger.getLogger(WorkspaceService.class);

    private final WorkspaceRepository workspaces;

    WorkspaceService(WorkspaceRepository workspaces) {
        this.workspaces = workspaces;
    }

    public record CreatedWorkspace(WorkspaceRow workspace, String adminKey) {}

    public Uni<CreatedWorkspace> create(JsonNode body) {
        String name = KeyService.name(JsonBody.object(body), "name");
        var workspace = new WorkspaceRow(IdPrefix.WORKSPACE.newId(), name, KeyService.now());
        var admin = KeyService.mint(workspace.id(), "admin", List.of(Scope.ADMIN.wire()));
        return workspaces.create(workspace, admin.key(), KeySecrets.hash(admin.secret()))
                .invoke(() -> {
                    try (var w = LogFields.with(LogFields.WORKSPACE_ID, workspace.id())) {
                        LOG.infof("created workspace %s", workspace.name());
                    }
                })
                .replaceWith(new CreatedWorkspace(workspace, admin.secret()));
    }

    public Uni<List<WorkspaceRow>> list(String afterId, int limit) {
        return workspaces.list(afterId, limit);
    }
}
