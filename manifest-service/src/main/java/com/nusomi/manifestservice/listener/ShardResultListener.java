package com.nusomi.manifestservice.listener;

import com.nusomi.contracts.avro.ShardResult;
import com.nusomi.kit.kafka.GuardedConsumer;
import com.nusomi.kit.retry.RetryPolicy;
import com.nusomi.manifestservice.config.ManifestServiceConfig;
import com.nusomi.manifestservice.service.ExportCompletion;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes {@code nusomi.exports.shard-results}: each shard result is recorded once and advances its export. */
@ApplicationScoped
public class ShardResultListener {
    public static final String CHANNEL = "shard-results";

    private final GuardedConsumer guarded;
    private final ExportCompletion completion;
    private final RetryPolicy retry;

    ShardResultListener(GuardedConsumer guarded, ExportCompletion completion, ManifestServiceConfig config) {
        this.guarded = guarded;
        this.completion = completion;
        this.retry = config.handling();
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return guarded.consume(record, Consumers.NAME, ShardResult.class,
                result -> Consumers.withRetries(() -> completion.onShardResult(result), retry));
    }
}
