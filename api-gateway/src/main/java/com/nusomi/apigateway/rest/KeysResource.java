package com.nusomi.apigateway.rest;

import com.nusomi.apigateway.auth.CurrentCaller;
import com.nusomi.apigateway.auth.RequiresScope;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.mapping.CreateKeyRequest;
import com.nusomi.apigateway.persistence.KeyRow;
import com.nusomi.apigateway.service.KeyService;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Limits;
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
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/** {@code /v1/keys}: a workspace's API keys, managed with the admin scope. */
@Path("/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ADMIN)
public class KeysResource {
    private final KeyService keys;
    private final CurrentCaller caller;

    KeysResource(KeyService keys, CurrentCaller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    /** A key as listings show it: never the secret. */
    public record KeyView(String id, String name, List<String> scopes, String redactedKey, Instant createdAt,
                          Instant revokedAt) {
        static KeyView of(KeyRow row) {
            return new KeyView(row.id(), row.name(), row.scopes(), row.redacted(), row.createdAt(), row.revokedAt());
        }
    }

    /** The answer to a create: the only time the secret is shown. */
    public record CreatedKeyView(String id, String name, List<String> scopes, String key, Instant createdAt) {}

    @POST
    @APIResponseSchema(value = CreatedKeyView.class, responseCode = "201", responseDescription = "The key; its secret appears only here")
    public Uni<RestResponse<CreatedKeyView>> create(@Valid @NotNull CreateKeyRequest body) {
        return keys.create(caller.workspaceId(), body).map(minted -> RestResponse.status(RestResponse.Status.CREATED,
                new CreatedKeyView(minted.key().id(), minted.key().name(), minted.key().scopes(), minted.secret(),
                        minted.key().createdAt())));
    }

    @GET
    public Uni<Page<KeyView>> list(@RestQuery String limit, @RestQuery String cursor) {
        int size = Paging.limit(limit, Limits.LIST_DEFAULT_LIMIT, Limits.LIST_MAX_LIMIT);
        String after = Paging.decode(cursor);
        if (after != null && !IdPrefix.API_KEY.matches(after)) {
            throw Paging.invalidCursor();
        }
        return keys.list(caller.workspaceId(), after, size + 1)
                .map(rows -> Page.of(rows, size, r -> Paging.encode(r.id()), KeyView::of));
    }

    /** Revokes the key: from now on it answers 401 invalid_api_key. */
    @DELETE
    @Path("/{id}")
    public Uni<KeyView> revoke(@RestPath String id) {
        return keys.revoke(caller.workspaceId(), id).map(KeyView::of);
    }
}
