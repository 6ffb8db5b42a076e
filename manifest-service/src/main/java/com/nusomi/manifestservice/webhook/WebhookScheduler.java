package com.nusomi.manifestservice.webhook;

import com.nusomi.kit.webhook.WebhookConfig;
import com.nusomi.kit.webhook.WebhookSecrets;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Runs a {@link WebhookDeliverer} in a loop on its own thread while the service runs (unless turned off). */
@ApplicationScoped
public class WebhookScheduler {
    private static final Logger LOG = Logger.getLogger(WebhookScheduler.class);

    private final WebhookDeliveryConfig config;
    private final WebhookDeliverer deliverer;
    private Thread loop;

    WebhookScheduler(WebhookDeliveryQueue queue, WebhookSecrets secrets, WebhookDeliveryConfig config,
                     WebhookConfig webhooks, MeterRegistry metrics) {
        this.config = config;
        this.deliverer = new WebhookDeliverer(queue, secrets,
                new WebhookSender(config.requestTimeout(), webhooks.allowPrivateTargets()), config.retrySchedule(),
                config.lease(), config.batchSize(), metrics);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.deliver()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public synchronized void start() {
        if (loop != null) {
            return;
        }
        loop = Thread.ofPlatform().name("webhook-scheduler").daemon().start(this::run);
        LOG.infof("webhook delivery running: schedule %s, timeout %s", config.retrySchedule(), config.requestTimeout());
    }

    /** Stops after the current pass; deliveries in flight when the process dies are redone when their lease ends. */
    public synchronized void stop() {
        if (loop == null) {
            return;
        }
        loop.interrupt();
        try {
            loop.join(config.requestTimeout().plusSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop = null;
        LOG.info("webhook delivery stopped");
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                int claimed = deliverer.runOnce();
                if (claimed < config.batchSize()) {
                    Thread.sleep(config.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "webhook delivery pass failed; trying again");
                try {
                    Thread.sleep(config.pollInterval().toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }
}
