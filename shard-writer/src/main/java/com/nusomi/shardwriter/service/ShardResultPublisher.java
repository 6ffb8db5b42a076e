package com.nusomi.shardwriter.service;

import com.nusomi.contracts.avro.ShardResult;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes shard results on {@code nusomi.exports.shard-results}, keyed by export id; completes when the broker acked. */
@ApplicationScoped
public class ShardResultPublisher {
    public static final String CHANNEL = "shard-results";

    private final MutinyEmitter<ShardResult> results;

    ShardResultPublisher(@Channel(CHANNEL) MutinyEmitter<ShardResult> results) {
        this.results = results;
    }

    public Uni<Void> publish(ShardResult result) {
        return results.sendMessage(Message.of(result)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(result.getExportId()).build()));
    }
}
