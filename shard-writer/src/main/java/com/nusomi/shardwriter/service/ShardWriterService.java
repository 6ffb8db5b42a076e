package com.nusomi.shardwriter.service;

import com.nusomi.contracts.avro.ShardResult;
import com.nusomi.contracts.avro.ShardTask;
import com.nusomi.kit.logging.LogFields;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * The use case: write the shard a task describes, then report it. The result is published only after the object is
 * complete; a shard that cannot be written is reported as failed. Infrastructure failures propagate (retry).
 */
@ApplicationScoped
public class ShardWriterService {
    private static final Logger LOG = Logger.getLogger(ShardWriterService.class);

    private final ShardBuilder builder;
    private final ShardResultPublisher publisher;
    private final MeterRegistry metrics;
    private final Timer writeTime;

    ShardWriterService(ShardBuilder builder, ShardResultPublisher publisher, MeterRegistry metrics) {
        this.builder = builder;
        this.publisher = publisher;
        this.metrics = metrics;
        this.writeTime = Timer.builder("nusomi.shard-writer.write.duration")
                .description("Time to write one shard, rows read to object complete").register(metrics);
    }

    public Uni<Void> handle(ShardTask task) {
        return Uni.createFrom().item(() -> writeOrFail(task))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(publisher::publish);
    }

    private ShardResult writeOrFail(ShardTask task) {
        try (var export = LogFields.with(LogFields.EXPORT_ID, task.getExportId());
             var workspace = LogFields.with(LogFields.WORKSPACE_ID, task.getWorkspaceId())) {
            Timer.Sample sample = Timer.start(metrics);
            try {
                WrittenShard shard = builder.write(task);
                sample.stop(writeTime);
                count("ok", shard);
                LOG.infof("shard %d/%d written to %s/%s: %d rows, %d bytes, sha256 %s", task.getShardIndex(),
                        task.getShardCount(), shard.bucket(), shard.key(), shard.rows(), shard.sizeBytes(), shard.sha256());
                return ok(task, shard);
            } catch (ShardFailedException e) {
                count("failed", null);
                LOG.warnf("shard %d/%d failed: %s", task.getShardIndex(), task.getShardCount(), e.getMessage());
                return failed(task, e.getMessage());
            }
        }
    }

    private void count(String outcome, WrittenShard shard) {
        metrics.counter("nusomi.shard-writer.shards", "outcome", outcome).increment();
        if (shard != null) {
            metrics.counter("nusomi.shard-writer.bytes").increment(shard.sizeBytes());
            metrics.counter("nusomi.shard-writer.rows").increment(shard.rows());
        }
    }

    private static ShardResult ok(ShardTask task, WrittenShard shard) {
        return base(task).setOk(true).setBucket(shard.bucket()).setPath(shard.key()).setSizeBytes(shard.sizeBytes())
                .setRows(shard.rows()).setFrames(shard.frames()).setActions(shard.actions()).setSha256(shard.sha256())
                .build();
    }

    private static ShardResult failed(ShardTask task, String error) {
        return base(task).setOk(false).setError(error).build();
    }

    private static ShardResult.Builder base(ShardTask task) {
        return ShardResult.newBuilder()
                .setExportId(task.getExportId())
                .setWorkspaceId(task.getWorkspaceId())
                .setShardIndex(task.getShardIndex())
                .setShardCount(task.getShardCount())
                .setCompletedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
}
