package com.nusomi.apigateway.listener;

import com.nusomi.apigateway.service.ExportService;
import com.nusomi.contracts.avro.ExportStatus;
import com.nusomi.kit.kafka.GuardedConsumer;
import com.nusomi.kit.retry.RetryPolicy;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code nusomi.exports.status} (group {@value #CONSUMER}) into {@code gateway.exports}. A record that is not
 * an ExportStatus goes to {@code nusomi.exports.status.dlq}; database failures are retried
 * in place, not dead-lettered.
 */
@ApplicationScoped
public class ExportStatusListener {
    public static final String CHANNEL = "export-status";
    public static final String CONSUMER = "api-gateway";
    /** A database outage holds the partition (nothing is skipped) and retries with back-off until it is over. */
    static final RetryPolicy RETRY = RetryPolicy.forever(Duration.ofMillis(200), Duration.ofSeconds(10));

    private final GuardedConsumer guarded;
    private final ExportService exports;

    ExportStatusListener(GuardedConsumer guarded, ExportService exports) {
        this.guarded = guarded;
        this.exports = exports;
    }

    /** Blocking: decoding may fetch the writer's schema from the registry synchronously the first time. */
    @Incoming(CHANNEL)
    @Blocking
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return guarded.consume(record, CONSUMER, ExportStatus.class, status -> RETRY.retrying(exports.apply(status)));
    }
}
