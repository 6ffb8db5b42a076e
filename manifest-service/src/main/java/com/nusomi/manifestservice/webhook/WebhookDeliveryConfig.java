package com.nusomi.manifestservice.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** How manifest-service delivers webhooks ({@code nusomi.manifest-service.webhooks.*}). */
@ConfigMapping(prefix = "nusomi.manifest-service.webhooks")
public interface WebhookDeliveryConfig {

    /** Run the delivery scheduler in this instance (any number of instances may; they share the queue). */
    @WithDefault("true")
    boolean deliver();

    /** Waits before the 2nd, 3rd, … attempt after a failed one (SPEC §7); after the last, the delivery is failed. */
    @WithDefault("5s,30s,5m,30m,2h,6h,12h")
    List<Duration> retrySchedule();

    /** An endpoint must answer 2xx within this to succeed (SPEC §7: 10 s). */
    @WithDefault("10s")
    Duration requestTimeout();

    /** How often the scheduler looks for due deliveries when the last look found fewer than a batch. */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * How long a claimed delivery stays reserved for the instance that claimed it; longer than the request timeout,
     * so only a claimer that died (or hung) loses it to another instance.
     */
    @WithDefault("60s")
    Duration lease();

    /** Deliveries claimed, and sent in parallel, per look. */
    @WithDefault("32")
    int batchSize();

    /** Finished (succeeded or failed) deliveries, with their attempts, are deleted this long after their last change. */
    @WithDefault("30d")
    Duration retention();

    /** Deliveries deleted per retention transaction. */
    @WithDefault("1000")
    int retentionBatch();

    /** How often the delivering instances look for deliveries past the retention. */
    @WithDefault("1h")
    Duration retentionInterval();
}
