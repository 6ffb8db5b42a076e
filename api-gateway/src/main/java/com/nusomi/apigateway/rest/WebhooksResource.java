package com.nusomi.apigateway.rest;

import com.nusomi.apigateway.auth.CurrentCaller;
import com.nusomi.apigateway.auth.RequiresScope;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.mapping.CreateWebhookRequest;
import com.nusomi.apigateway.persistence.WebhookDeliveryRow;
import com.nusomi.apigateway.persistence.WebhookRow;
import com.nusomi.apigateway.service.WebhookService;
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

/** {@code /v1/webhooks} (SPEC §7): endpoints, their deliveries, and resending one. */
@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhooksResource {
    private final WebhookService webhooks;
    private final CurrentCaller caller;

    WebhooksResource(WebhookService webhooks, CurrentCaller caller) {
        this.webhooks = webhooks;
        this.caller = caller;
    }

    /** An endpoint as listings show it: never the secret. */
    public record WebhookView(String id, String url, List<String> events, String description, Instant createdAt) {
        static WebhookView of(WebhookRow r) {
            return new WebhookView(r.id(), r.url(), r.events(), r.description(), r.createdAt());
        }
    }

    /** The answer to a create: the only time the secret is shown. */
    public record CreatedWebhookView(String id, String url, List<String> events, String description, String secret,
                                     Instant createdAt) {}

    public record AttemptView(int attempt, Instant startedAt, Integer responseCode, String error, long durationMs) {}

    /** A delivery: {@code pending} (with {@code next_attempt_at}), {@code succeeded} or {@code failed}. */
    public record DeliveryView(String id, String webhookId, String eventId, String eventType, String status,
                               int attemptCount, Integer lastResponseCode, String lastError, Instant nextAttemptAt,
                               List<AttemptView> attempts, Instant createdAt, Instant updatedAt) {
        static DeliveryView of(WebhookDeliveryRow d) {
            return new DeliveryView(d.id(), d.webhookId(), d.eventId(), d.eventType(), d.status(), d.attemptCount(),
                    d.lastResponseCode(), d.lastError(), d.nextAttemptAt(),
                    d.attempts().stream().map(a -> new AttemptView(a.attempt(), a.startedAt(), a.responseCode(), a.error(),
                            a.durationMs())).toList(),
                    d.createdAt(), d.updatedAt());
        }
    }

    @POST
    @RequiresScope(Scope.WRITE)
    @APIResponseSchema(value = CreatedWebhookView.class, responseCode = "201", responseDescription = "The endpoint; its secret appears only here")
    public Uni<RestResponse<CreatedWebhookView>> create(@Valid @NotNull CreateWebhookRequest body) {
        return webhooks.create(caller.workspaceId(), body).map(created -> RestResponse.status(RestResponse.Status.CREATED,
                new CreatedWebhookView(created.webhook().id(), created.webhook().url(), created.webhook().events(),
                        created.webhook().description(), created.secret(), created.webhook().createdAt())));
    }

    @GET
    @RequiresScope(Scope.READ)
    public Uni<Page<WebhookView>> list(@RestQuery String limit, @RestQuery String cursor) {
        int size = Paging.limit(limit, Limits.LIST_DEFAULT_LIMIT, Limits.LIST_MAX_LIMIT);
        String before = Paging.decode(cursor);
        if (before != null && !IdPrefix.WEBHOOK.matches(before)) {
            throw Paging.invalidCursor();
        }
        return webhooks.list(caller.workspaceId(), before, size + 1)
                .map(rows -> Page.of(rows, size, r -> Paging.encode(r.id()), WebhookView::of));
    }

    @GET
    @Path("/{id}")
    @RequiresScope(Scope.READ)
    public Uni<WebhookView> get(@RestPath String id) {
        return webhooks.get(caller.workspaceId(), id).map(WebhookView::of);
    }

    /** Removes the endpoint; nothing more is sent to it, pending deliveries included. */
    @DELETE
    @Path("/{id}")
    @RequiresScope(Scope.WRITE)
    public Uni<WebhookView> delete(@RestPath String id) {
        return webhooks.delete(caller.workspaceId(), id).map(WebhookView::of);
    }

    @GET
    @Path("/{id}/deliveries")
    @RequiresScope(Scope.READ)
    public Uni<Page<DeliveryView>> deliveries(@RestPath String id, @RestQuery String limit, @RestQuery String cursor) {
        int size = Paging.limit(limit, Limits.LIST_DEFAULT_LIMIT, Limits.LIST_MAX_LIMIT);
        String before = Paging.decode(cursor);
        if (before != null && !IdPrefix.WEBHOOK_DELIVERY.matches(before)) {
            throw Paging.invalidCursor();
        }
        return webhooks.deliveries(caller.workspaceId(), id, before, size + 1)
                .map(rows -> Page.of(rows, size, r -> Paging.encode(r.id()), DeliveryView::of));
    }

    /** Resends the delivery now (202: the deliverer sends it within its poll interval). */
    @POST
    @Path("/{id}/deliveries/{deliveryId}/retry")
    @RequiresScope(Scope.WRITE)
    @APIResponseSchema(value = DeliveryView.class, responseCode = "202", responseDescription = "The delivery, queued again")
    public Uni<RestResponse<DeliveryView>> retry(@RestPath String id, @RestPath String deliveryId) {
        return webhooks.retry(caller.workspaceId(), id, deliveryId)
                .map(d -> RestResponse.status(RestResponse.Status.ACCEPTED, DeliveryView.of(d)));
    }
}
