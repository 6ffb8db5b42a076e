package com.nusomi.manifestservice.listener;

import com.nusomi.contracts.WebhookEventType;
import com.nusomi.contracts.avro.ExportState;
import com.nusomi.contracts.avro.ExportStatus;
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
 * Consumes {@code nusomi.exports.status} for webhooks (its own group, apart from the export finisher): the plan's
 * numbers are kept for payloads, and {@code completed} / {@code failed} become {@code export.completed|failed}.
 */
@ApplicationScoped
public class WebhookExportStatusListener {
    public static final String CHANNEL = "webhook-export-status";

    private final GuardedConsumer guarded;
    private final WebhookEvents events;
    private final WebhookExportViews views;
    private final RetryPolicy retry;

    WebhookExportStatusListener(GuardedConsumer guarded, WebhookEvents events, WebhookExportViews views,
                                ManifestServiceConfig config) {
        this.guarded = guarded;
        this.events = events;
        this.views = views;
        this.retry = config.handling();
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return guarded.consume(record, Consumers.WEBHOOKS, ExportStatus.class,
                status -> Consumers.withRetries(() -> handle(status), retry));
    }

    private Uni<Void> handle(ExportStatus status) {
        try (var x = LogFields.with(LogFields.EXPORT_ID, status.getExportId())) {
            if (status.getStatus() == ExportState.running && status.getPlan() != null) {
                return views.onPlan(status);
            }
            WebhookEventType type = switch (status.getStatus()) {
                case completed -> WebhookEventType.EXPORT_COMPLETED;
                case failed -> WebhookEventType.EXPORT_FAILED;
                default -> null;
            };
            if (type == null) {
                return Uni.createFrom().voidItem();
            }
            // One event per export outcome, however often the outcome is published.
            return views.view(status).chain(view -> events.publish(status.getWorkspaceId(), type,
                    type.wire() + ":" + status.getExportId(), status.getAt(), view)).replaceWithVoid();
        }
    }
}
