package com.nusomi.exportplanner.listener;

import com.nusomi.contracts.avro.ExportRequest;
import com.nusomi.exportplanner.service.ExportPlanner;
import com.nusomi.kit.kafka.GuardedConsumer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code nusomi.exports.requests} (group {@value #CONSUMER}). A record that is not an ExportRequest goes to
 * {@code nusomi.exports.requests.dlq}; a request is acknowledged once its tasks and status are on the broker.
 */
@ApplicationScoped
public class ExportRequestListener {
    public static final String CHANNEL = "export-requests";
    public static final String CONSUMER = "export-planner";

    private final GuardedConsumer guarded;
    private final ExportPlanner planner;

    ExportRequestListener(GuardedConsumer guarded, ExportPlanner planner) {
        this.guarded = guarded;
        this.planner = planner;
    }

    /** Blocking: decoding may fetch the writer's schema from the registry synchronously the first time. */
    @Incoming(CHANNEL)
    @Blocking
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return guarded.consume(record, CONSUMER, ExportRequest.class, planner::plan);
    }
}
