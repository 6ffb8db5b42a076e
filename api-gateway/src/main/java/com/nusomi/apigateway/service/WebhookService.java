package com.nusomi.apigateway.service;

import com.nusomi.apigateway.mapping.CreateWebhookRequest;
import com.nusomi.apigateway.persistence.WebhookDeliveryRepository;
import com.nusomi.apigateway.persistence.WebhookDeliveryRow;
import com.nusomi.apigateway.persistence.WebhookRepository;
import com.nusomi.apigateway.persistence.WebhookRow;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.kit.api.ApiException;
import com.nusomi.kit.webhook.WebhookConfig;
import com.nusomi.kit.webhook.WebhookSecrets;
import com.nusomi.kit.webhook.WebhookTargets;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jboss.logging.Logger;

/** Webhook endpoints (SPEC §7): validated, stored with an encrypted secret; deliveries are read from the deliverer's queue. */
@ApplicationScoped
public class WebhookService {
    private static final Logger LOG = Logger.getLogger(WebhookService.class);

    private final WebhookRepository webhooks;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookSecrets secrets;
    private final boolean allowPrivateTargets;

    WebhookService(WebhookRepository webhooks, WebhookDeliveryRepository deliveries, WebhookSecrets secrets,
                   WebhookConfig config) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.allowPrivateTargets = config.allowPrivateTargets();
    }

    /** A new endpoint and, only here, its secret. */
    public record CreatedWebhook(WebhookRow webhook, String secret) {}

    public Uni<CreatedWebhook> create(String workspaceId, CreateWebhookRequest request) {
        String url = request.target();
        WebhookTargets.shapeProblem(url).ifPresent(problem -> {
            throw ApiException.invalidRequest(problem, "url");
        });
        List<String> events = request.distinctEvents();
        String description = request.description();
        // Resolving the host blocks: off the event loop.
        return Uni.createFrom().item(() -> WebhookTargets.addressProblem(url, allowPrivateTargets))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(problem -> {
                    if (problem.isPresent()) {
                        return Uni.createFrom().failure(ApiException.invalidRequest(problem.get(), "url"));
                    }
                    String id = IdPrefix.WEBHOOK.newId();
                    String secret = WebhookSecrets.mint();
                    var row = new WebhookRow(id, workspaceId, url, events, description, secrets.encrypt(id, secret),
                            Instant.now().truncatedTo(ChronoUnit.MILLIS));
                    return webhooks.insert(row).invoke(() -> LOG.infof("webhook %s created for %s", id, events))
                            .replaceWith(new CreatedWebhook(row, secret));
                });
    }

    public Uni<WebhookRow> get(String workspaceId, String id) {
        if (!IdPrefix.WEBHOOK.matches(id)) {
            return Uni.createFrom().failure(notFound(id));
        }
        return webhooks.find(workspaceId, id).map(found -> found.orElseThrow(() -> notFound(id)));
    }

    public Uni<List<WebhookRow>> list(String workspaceId, String beforeId, int limit) {
        return webhooks.list(workspaceId, beforeId, limit);
    }

    public Uni<WebhookRow> delete(String workspaceId, String id) {
        if (!IdPrefix.WEBHOOK.matches(id)) {
            return Uni.createFrom().failure(notFound(id));
        }
        return webhooks.delete(workspaceId, id).map(found -> found.orElseThrow(() -> notFound(id)))
                .invoke(() -> LOG.infof("webhook %s deleted", id));
    }

    public Uni<List<WebhookDeliveryRow>> deliveries(String workspaceId, String webhookId, String beforeId, int limit) {
        return get(workspaceId, webhookId).chain(w -> deliveries.list(workspaceId, webhookId, beforeId, limit));
    }

    /** Resends one delivery now (it becomes due at once); 409 invalid_state for one that already succeeded. */
    public Uni<WebhookDeliveryRow> retry(String workspaceId, String webhookId, String deliveryId) {
        return get(workspaceId, webhookId).chain(w -> {
            if (!IdPrefix.WEBHOOK_DELIVERY.matches(deliveryId)) {
                return Uni.createFrom().failure(deliveryNotFound(webhookId, deliveryId));
            }
            return deliveries.find(workspaceId, webhookId, deliveryId)
                    .map(found -> found.orElseThrow(() -> deliveryNotFound(webhookId, deliveryId)))
                    .chain(delivery -> deliveries.retryNow(workspaceId, webhookId, deliveryId))
                    .chain(retried -> {
                        if (!retried) {
                            return Uni.createFrom().failure(new ApiException(ErrorCode.INVALID_STATE, "delivery "
                                    + deliveryId + " already succeeded; a delivery that got a 2xx is not sent again"));
                        }
                        LOG.infof("webhook %s: delivery %s due now on request", webhookId, deliveryId);
                        return deliveries.find(workspaceId, webhookId, deliveryId).map(java.util.Optional::orElseThrow);
                    });
        });
    }

    private static ApiException notFound(String id) {
        return new ApiException(ErrorCode.WEBHOOK_NOT_FOUND, "no webhook " + id + " in this workspace");
    }

    private static ApiException deliveryNotFound(String webhookId, String deliveryId) {
        return new ApiException(ErrorCode.WEBHOOK_NOT_FOUND, "no delivery " + deliveryId + " of webhook " + webhookId,
                "delivery_id");
    }
}
