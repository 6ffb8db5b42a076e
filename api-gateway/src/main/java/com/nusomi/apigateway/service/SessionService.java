package com.nusomi.apigateway.service;

import com.nusomi.apigateway.client.SessionCommands;
import com.nusomi.apigateway.mapping.CreateSessionRequest;
import com.nusomi.apigateway.mapping.TagRequest;
import com.nusomi.apigateway.mapping.SessionViews;
import com.nusomi.kit.view.SessionView;
import com.nusomi.apigateway.persistence.CatalogRepository;
import com.nusomi.apigateway.persistence.CatalogRepository.SessionFilter;
import com.nusomi.apigateway.persistence.SessionRow;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.avro.DeleteSession;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.contracts.avro.StartSession;
import com.nusomi.contracts.avro.StopSession;
import com.nusomi.kit.api.ApiException;
import com.nusomi.kit.logging.LogFields;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Session lifecycle through the session-sealer (commands and replies) and session reads from the catalog. The gateway
 * validates what a user can get wrong, mints the session id, and leaves every state decision to the sealer.
 */
@ApplicationScoped
public class SessionService {
    private static final Logger LOG = Logger.getLogger(SessionService.class);

    private final SessionCommands commands;
    private final CatalogRepository catalog;
    private final IdempotentIds ids;

    SessionService(SessionCommands commands, CatalogRepository catalog, IdempotentIds ids) {
        this.commands = commands;
        this.catalog = catalog;
        this.ids = ids;
    }

    public Uni<SessionView> create(String workspaceId, CreateSessionRequest request) {
        String sessionId = ids.next(IdPrefix.SESSION); // a retried create (same Idempotency-Key) names the same session
        return command(workspaceId, sessionId, request.toCommand(), "create");
    }

    /** Appends a tag through the sealer (the single writer): 409 invalid_state on a sealed session. */
    public Uni<SessionView> tag(String workspaceId, String sessionId, TagRequest tag) {
        return command(workspaceId, checked(sessionId), tag.toCommand(), "tag");
    }

    public Uni<SessionView> start(String workspaceId, String sessionId) {
        return command(workspaceId, checked(sessionId), new StartSession(null), "start");
    }

    public Uni<SessionView> stop(String workspaceId, String sessionId) {
        return command(workspaceId, checked(sessionId), new StopSession(null), "stop");
    }

    public Uni<SessionView> delete(String workspaceId, String sessionId) {
        return command(workspaceId, checked(sessionId), new DeleteSession(null), "delete");
    }

    public Uni<SessionView> get(String workspaceId, String sessionId) {
        return find(workspaceId, sessionId).map(SessionViews::of);
    }

    public Uni<List<SessionRow>> list(String workspaceId, SessionFilter filter, String beforeId, int limit) {
        return catalog.sessions(workspaceId, filter, beforeId, limit);
    }

    /** The caller's session, or 404 session_not_found (also for another workspace's session). */
    public Uni<SessionRow> find(String workspaceId, String sessionId) {
        return catalog.session(workspaceId, checked(sessionId))
                .map(found -> found.orElseThrow(() -> notFound(sessionId)));
    }

    /** The caller's session when it is recording: 404 when it is not the caller's, 409 invalid_state otherwise. */
    public Uni<SessionRow> recording(String workspaceId, String sessionId, String what) {
        return find(workspaceId, sessionId).map(session -> {
            if (!SessionStatus.recording.name().equals(session.status())) {
                throw new ApiException(ErrorCode.INVALID_STATE, "session " + sessionId + " is " + session.status()
                        + "; " + what + " are accepted only while it is recording");
            }
            return session;
        });
    }

    private Uni<SessionView> command(String workspaceId, String sessionId, Object body, String kind) {
        return commands.send(workspaceId, sessionId, body)
                .map(SessionView::of)
                .invoke(session -> {
                    try (var s = LogFields.with(LogFields.SESSION_ID, sessionId)) {
                        LOG.infof("%s: session is %s", kind, session.status());
                    }
                });
    }

    private static String checked(String sessionId) {
        if (!IdPrefix.SESSION.matches(sessionId)) {
            throw notFound(sessionId);
        }
        return sessionId;
    }

    static ApiException notFound(String sessionId) {
        return new ApiException(ErrorCode.SESSION_NOT_FOUND, "no session " + sessionId + " in this workspace");
    }
}
