package com.nusomi.manifestservice.service;

import com.nusomi.contracts.avro.ExportStatus;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes export statuses on {@code nusomi.exports.status}, keyed by export id; completes when the broker acked. */
@ApplicationScoped
public class StatusPublisher {
    public static final String CHANNEL = "export-status-out";

    private final MutinyEmitter<ExportStatus> statuses;

    StatusPublisher(@Channel(CHANNEL) MutinyEmitter<ExportStatus> statuses) {
        this.statuses = statuses;
    }

    public Uni<Void> publish(ExportStatus status) {
        return statuses.sendMessage(Message.of(status)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(status.getExportId()).build()));
    }
}
