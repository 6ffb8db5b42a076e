package com.nusomi.apigateway.service;

import com.nusomi.apigateway.auth.KeySecrets;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.mapping.CreateWorkspaceRequest;
import com.nusomi.apigateway.persistence.WorkspaceRepository;
import com.nusomi.apigateway.persistence.WorkspaceRow;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.kit.api.ApiException;
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

    public Uni<CreatedWorkspace> create(CreateWorkspaceRequest request) {
        var workspace = new WorkspaceRow(IdPrefix.WORKSPACE.newId(), request.name().trim(), KeyService.now(), null);
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

    /** Disabling refuses every key of the workspace (403 workspace_disabled) until it is enabled again; data is kept. */
    public Uni<WorkspaceRow> setDisabled(String workspaceId, boolean disabled) {
        if (!IdPrefix.WORKSPACE.matches(workspaceId)) {
            return Uni.createFrom().failure(notFound(workspaceId));
        }
        return workspaces.setDisabled(workspaceId, disabled ? KeyService.now() : null)
                .map(found -> found.orElseThrow(() -> notFound(workspaceId)))
                .invoke(w -> {
                    try (var l = LogFields.with(LogFields.WORKSPACE_ID, w.id())) {
                        LOG.infof("workspace %s", disabled ? "disabled" : "enabled");
                    }
                });
    }

    private static ApiException notFound(String workspaceId) {
        return new ApiException(ErrorCode.WORKSPACE_NOT_FOUND, "no workspace " + workspaceId);
    }
}
