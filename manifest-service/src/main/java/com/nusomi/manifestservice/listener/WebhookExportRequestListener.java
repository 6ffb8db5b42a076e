package com.nusomi.manifestservice.listener;

import com.nusomi.contracts.WebhookEventType;
import com.nusomi.contracts.avro.ExportRequest;
import com.nusomi.kit.kafka.GuardedConsumer;
import com.nusomi.kit.retry.RetryPolicy;
import com.nusomi.kit.logging.LogFields;
import com.nusomi.manifestservice.config.ManifestServiceConfig;
import com.nusomi.manifestservice.webhook.WebhookEvents;
import com.nusomi.manifestservice.webhook.WebhookExportViews;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code nusomi.exports.requests}: the gateway publishes a request once it recorded the export as
 * {@code queued}, and no status record says {@code queued}, so the request is what {@code export.queued} announces.
 */
@ApplicationScoped
public class WebhookExportRequestListener {
    public static final String CHANNEL = "webhook-export-requests";

    private final GuardedConsumer guarded;
    private final WebhookEvents events;
    private final WebhookExportViews views;
    private final RetryPolicy retry;

    WebhookExportRequestListener(GuardedConsumer guarded, WebhookEvents events, WebhookExportViews views,
                                 ManifestServiceConfig config) {
        this.guarded = guarded;
        this.events = events;
        this.views = views;
        this.retry = config.handling();
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return guarded.consume(record, Consumers.WEBHOOKS, ExportRequest.class,
                request -> Consumers.withRetries(() -> handle(request), retry));
    }

    private Uni<Void> handle(ExportRequest request) {
        try (var x = LogFields.with(LogFields.EXPORT_ID, request.getExportId())) {
            return views.onRequest(request).chain(() -> views.queued(request)).chain(view -> events.publish(
                    request.getWorkspaceId(), WebhookEventType.EXPORT_QUEUED,
                    WebhookEventType.EXPORT_QUEUED.wire() + ":" + request.getExportId(), request.getRequestedAt(), view))
                    .replaceWithVoid();
        }
    }
}
