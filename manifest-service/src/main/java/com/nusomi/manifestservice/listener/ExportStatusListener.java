package com.nusomi.manifestservice.listener;

import com.nusomi.contracts.avro.ExportState;
import com.nusomi.contracts.avro.ExportStatus;
import com.nusomi.kit.kafka.GuardedConsumer;
import com.nusomi.kit.retry.RetryPolicy;
import com.nusomi.manifestservice.config.ManifestServiceConfig;
import com.nusomi.manifestservice.service.ExportCompletion;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code nusomi.exports.status} for the planner's {@code running} status that carries the plan. Every other
 * status (the planner's failures, this service's own progress, completed and failed statuses) is skipped.
 */
@ApplicationScoped
public class ExportStatusListener {
    public static final String CHANNEL = "export-status";

    private final GuardedConsumer guarded;
    private final ExportCompletion completion;
    private final RetryPolicy retry;

    ExportStatusListener(GuardedConsumer guarded, ExportCompletion completion, ManifestServiceConfig config) {
        this.guarded = guarded;
        this.completion = completion;
        this.retry = config.handling();
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return guarded.consume(record, Consumers.NAME, ExportStatus.class, status -> isPlan(status)
                ? Consumers.withRetries(() -> completion.onPlan(status), retry)
                : Uni.createFrom().voidItem());
    }

    private static boolean isPlan(ExportStatus status) {
        return status.getStatus() == ExportState.running && status.getPlan() != null;
    }
}
