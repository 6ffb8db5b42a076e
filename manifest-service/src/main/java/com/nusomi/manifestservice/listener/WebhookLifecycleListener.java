package com.nusomi.manifestservice.listener;

import com.nusomi.contracts.WebhookEventType;
import com.nusomi.contracts.avro.SessionLifecycle;
import com.nusomi.kit.kafka.GuardedConsumer;
import com.nusomi.kit.retry.RetryPolicy;
import com.nusomi.kit.logging.LogFields;
import com.nusomi.kit.view.SessionView;
import com.nusomi.manifestservice.config.ManifestServiceConfig;
import com.nusomi.manifestservice.webhook.WebhookEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes {@code nusomi.sessions.lifecycle}: every transition becomes a {@code session.*} webhook event. */
@ApplicationScoped
public class WebhookLifecycleListener {
    public static final String CHANNEL = "webhook-lifecycle";

    private final GuardedConsumer guarded;
    private final WebhookEvents events;
    private final RetryPolicy retry;

    WebhookLifecycleListener(GuardedConsumer guarded, WebhookEvents events, ManifestServiceConfig config) {
        this.guarded = guarded;
        this.events = events;
        this.retry = config.handling();
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return guarded.consume(record, Consumers.WEBHOOKS, SessionLifecycle.class,
                transition -> Consumers.withRetries(() -> announce(transition), retry));
    }

    private Uni<Void> announce(SessionLifecycle transition) {
        try (var x = LogFields.with(LogFields.SESSION_ID, transition.getSessionId())) {
            return events.publish(transition.getWorkspaceId(), type(transition), transition.getTransitionId(),
                    transition.getAt(), SessionView.of(transition.getSession())).replaceWithVoid();
        }
    }

    static WebhookEventType type(SessionLifecycle transition) {
        return switch (transition.getToStatus()) {
            case created -> WebhookEventType.SESSION_CREATED;
            case recording -> WebhookEventType.SESSION_STARTED;
            case stopped -> WebhookEventType.SESSION_STOPPED;
            case sealed -> WebhookEventType.SESSION_SEALED;
            case deleted -> WebhookEventType.SESSION_DELETED;
        };
    }
}
