package com.nusomi.manifestservice.webhook;

import com.nusomi.kit.webhook.WebhookSecrets;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One pass over the delivery queue: claim what is due, send each (in parallel), record each outcome. Holds no state
 * between passes, so any number of deliverers (threads, instances) may work the same database.
 */
public final class WebhookDeliverer {
    private static final Logger LOG = Logger.getLogger(WebhookDeliverer.class);
    private static final Duration DB_WAIT = Duration.ofSeconds(30);

    private final WebhookDeliveryQueue queue;
    private final WebhookSecrets secrets;
    private final WebhookSender sender;
    private final List<Duration> schedule;
    private final Duration lease;
    private final int batchSize;
    private final MeterRegistry metrics;

    public WebhookDeliverer(WebhookDeliveryQueue queue, WebhookSecrets secrets, WebhookSender sender,
                            List<Duration> schedule, Duration lease, int batchSize, MeterRegistry metrics) {
        this.queue = queue;
        this.secrets = secrets;
        this.sender = sender;
        this.schedule = List.copyOf(schedule);
        this.lease = lease;
        this.batchSize = batchSize;
        this.metrics = metrics;
    }

    /** Delivers what is due now; answers how many deliveries it claimed. Blocking: call it off the event loop. */
    public int runOnce() throws InterruptedException {
        List<WebhookDeliveryQueue.Claimed> claimed = queue.claim(batchSize, lease, UUID.randomUUID().toString())
                .await().atMost(DB_WAIT);
        if (claimed.isEmpty()) {
            return 0;
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (var delivery : claimed) {
                running.add(pool.submit(() -> deliver(delivery)));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    LOG.errorf(e.getCause(), "a webhook delivery could not be recorded; it is retried when its lease ends");
                }
            }
        }
        return claimed.size();
    }

    /** The wait before attempt {@code attemptsMade + 1}, or empty when the schedule is exhausted. */
    Optional<Duration> retryAfter(int attemptsMade) {
        return attemptsMade - 1 < schedule.size() ? Optional.of(schedule.get(attemptsMade - 1)) : Optional.empty();
    }

    private void deliver(WebhookDeliveryQueue.Claimed delivery) {
        MDC.put("delivery_id", delivery.id());
        MDC.put("webhook_id", delivery.webhookId());
        try {
            if (delivery.url() == null) {
                queue.abandon(delivery).await().atMost(DB_WAIT);
                LOG.info("webhook deleted: delivery dropped");
                return;
            }
            WebhookDeliveryQueue.Outcome outcome;
            try {
                String secret = secrets.decrypt(delivery.webhookId(), delivery.secretSealed());
                outcome = sender.send(delivery.url(), secret, delivery.id(), delivery.body());
            } catch (IllegalStateException | IllegalArgumentException e) {
                outcome = new WebhookDeliveryQueue.Outcome(Instant.now(), null, e.getMessage(), 0);
            }
            if (Thread.currentThread().isInterrupted()) {
                return;  // shutting down mid-call: not an attempt of the endpoint's making; the lease ends and it is redone
            }
            int attempt = delivery.attemptCount() + 1;
            Optional<String> status = queue.record(delivery, outcome, outcome.succeeded() ? Optional.empty() : retryAfter(attempt))
                    .await().atMost(DB_WAIT);
            // succeeded | pending (will retry) | failed (schedule exhausted) | lost (lease taken over)
            metrics.counter("nusomi.manifest-service.webhook-attempts", "outcome", status.orElse("lost")).increment();
            if (status.isEmpty()) {
                LOG.warnf("attempt %d: lease lost before recording (another instance took the delivery over)", attempt);
            } else if (outcome.succeeded()) {
                LOG.debugf("attempt %d: delivered (%d)", attempt, outcome.responseCode());
            } else {
                LOG.infof("attempt %d failed (%s), delivery now %s", attempt, outcome.error(), status.get());
            }
        } finally {
            MDC.remove("delivery_id");
            MDC.remove("webhook_id");
        }
    }
}
