package com.nusomi.apigateway.rest;

import com.nusomi.apigateway.auth.CurrentCaller;
import com.nusomi.apigateway.auth.RequiresScope;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.mapping.CreateSessionRequest;
import com.nusomi.apigateway.mapping.SessionViews;
import com.nusomi.kit.view.SessionView;
import com.nusomi.apigateway.mapping.TagRequest;
import com.nusomi.apigateway.persistence.CatalogRepository.SessionFilter;
import com.nusomi.apigateway.service.SessionService;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Limits;
import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.Outcome;
import com.nusomi.contracts.avro.SessionStatus;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
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

/** {@code /v1/sessions}: lifecycle calls and tags answered by the session-sealer, reads from the catalog. */
@Path("/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {
    private final SessionService sessions;
    private final CurrentCaller caller;

    SessionsResource(SessionService sessions, CurrentCaller caller) {
        this.sessions = sessions;
        this.caller = caller;
    }

    @POST
    @RequiresScope(Scope.WRITE)
    @APIResponseSchema(value = SessionView.class, responseCode = "201", responseDescription = "The session, created")
    public Uni<RestResponse<SessionView>> create(@Valid @NotNull CreateSessionRequest body) {
        return sessions.create(caller.workspaceId(), body)
                .map(session -> RestResponse.status(RestResponse.Status.CREATED, session));
    }

    @GET
    @Path("/{id}")
    @RequiresScope(Scope.READ)
    public Uni<SessionView> get(@RestPath String id) {
        return sessions.get(caller.workspaceId(), id);
    }

    @GET
    @RequiresScope(Scope.READ)
    public Uni<Page<SessionView>> list(@RestQuery String limit, @RestQuery String cursor, @RestQuery String workflow,
                                       @RestQuery String status, @RestQuery String outcome,
                                       @RestQuery("actor.kind") String actorKind, @RestQuery String tag,
                                       @RestQuery String since, @RestQuery String until) {
        int size = Paging.limit(limit, Limits.LIST_DEFAULT_LIMIT, Limits.LIST_MAX_LIMIT);
        String before = Paging.decode(cursor);
        if (before != null && !IdPrefix.SESSION.matches(before)) {
            throw Paging.invalidCursor();
        }
        Instant from = QueryFilters.instant(since, "since");
        Instant to = QueryFilters.instant(until, "until");
        QueryFilters.ordered(from, to);
        var filter = new SessionFilter(QueryFilters.slug(workflow, "workflow"),
                QueryFilters.oneOf(status, SessionStatus.values(), "status"),
                QueryFilters.oneOf(outcome, Outcome.values(), "outcome"),
                QueryFilters.oneOf(actorKind, ActorKind.values(), "actor.kind"),
                tag == null || tag.isBlank() ? null : tag, from, to);
        return sessions.list(caller.workspaceId(), filter, before, size + 1)
                .map(rows -> Page.of(rows, size, r -> Paging.encode(r.id()), SessionViews::of));
    }

    @POST
    @Path("/{id}/start")
    @RequiresScope(Scope.WRITE)
    public Uni<SessionView> start(@RestPath String id) {
        return sessions.start(caller.workspaceId(), id);
    }

    @POST
    @Path("/{id}/stop")
    @RequiresScope(Scope.WRITE)
    public Uni<SessionView> stop(@RestPath String id) {
        return sessions.stop(caller.workspaceId(), id);
    }

    /** Adds {@code {name, data?, t_ms?}} to the session's tags; answers 201 with the session as the sealer left it. */
    @POST
    @Path("/{id}/tags")
    @RequiresScope(Scope.WRITE)
    @APIResponseSchema(value = SessionView.class, responseCode = "201", responseDescription = "The session with the tag added")
    public Uni<RestResponse<SessionView>> tag(@RestPath String id, @Valid @NotNull TagRequest body) {
        return sessions.tag(caller.workspaceId(), id, body)
                .map(session -> RestResponse.status(RestResponse.Status.CREATED, session));
    }

    /** Deletes the session with its frames and events; answers with its last state (status {@code deleted}). */
    @DELETE
    @Path("/{id}")
    @RequiresScope(Scope.WRITE)
    public Uni<SessionView> delete(@RestPath String id) {
        return sessions.delete(caller.workspaceId(), id);
    }

    /** Kept for list endpoints outside this class (exports): an enum filter, 400 invalid_filter otherwise. */
    static String oneOf(String value, Enum<?>[] allowed, String param) {
        return QueryFilters.oneOf(value, allowed, param);
    }
}
