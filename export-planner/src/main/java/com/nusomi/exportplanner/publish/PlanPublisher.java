package com.nusomi.exportplanner.publish;

import com.nusomi.contracts.avro.ExportStatus;
import com.nusomi.contracts.avro.ShardTask;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes shard tasks and export status; each returned Uni completes when the broker acknowledged the record. */
@ApplicationScoped
public class PlanPublisher {
    public static final String SHARD_TASKS_CHANNEL = "shard-tasks";
    public static final String EXPORT_STATUS_CHANNEL = "export-status";

    private final MutinyEmitter<ShardTask> tasks;
    private final MutinyEmitter<ExportStatus> statuses;

    PlanPublisher(@Channel(SHARD_TASKS_CHANNEL) MutinyEmitter<ShardTask> tasks,
                  @Channel(EXPORT_STATUS_CHANNEL) MutinyEmitter<ExportStatus> statuses) {
        this.tasks = tasks;
        this.statuses = statuses;
    }

    /** Key {@code export_id/shard_index}: {@link TaskPartitioner} spreads an export's shards evenly over the writers. */
    public Uni<Void> task(ShardTask task) {
        return tasks.sendMessage(keyed(task.getExportId() + "/" + task.getShardIndex(), task));
    }

    /** Key {@code export_id}: one export's statuses stay in order. */
    public Uni<Void> status(ExportStatus status) {
        return statuses.sendMessage(keyed(status.getExportId(), status));
    }

    private static <T> Message<T> keyed(String key, T value) {
        return Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}
