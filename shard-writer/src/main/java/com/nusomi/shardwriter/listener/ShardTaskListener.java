package com.nusomi.shardwriter.listener;

import com.nusomi.contracts.avro.ShardTask;
import com.nusomi.kit.kafka.GuardedConsumer;
import com.nusomi.shardwriter.service.ShardWriterService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes {@code nusomi.exports.shard-tasks}: one shard per task, one task at a time per partition set. */
@ApplicationScoped
public class ShardTaskListener {
    public static final String CHANNEL = "shard-tasks";
    static final String CONSUMER = "shard-writer";

    private final GuardedConsumer guarded;
    private final ShardWriterService writer;

    ShardTaskListener(GuardedConsumer guarded, ShardWriterService writer) {
        this.guarded = guarded;
        this.writer = writer;
    }

    /** The guarded consumer decodes and handles off the event loop (the registry client would deadlock on it). */
    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return guarded.consume(record, CONSUMER, ShardTask.class, writer::handle);
    }
}
