package com.nusomi.shardwriter.service;

import com.nusomi.contracts.avro.ShardResult;
import com.nusomi.contracts.avro.ShardTask;
import com.nusomi.kit.destination.DestinationException;
import com.nusomi.kit.logging.LogFields;
import com.nusomi.kit.retry.RetryPolicy;
import com.nusomi.shardwriter.config.ShardWriterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * The use case: write the shard a task describes, then report it. A failure that may pass is retried with backoff;
 * whatever still fails is reported as a failed shard with its reason (manifest-service then fails the export), so
 * one bad task never stops the consumer. The result is published only after the object is complete.
 */
@ApplicationScoped
public class ShardWriterService {
    private static final Logger LOG = Logger.getLogger(ShardWriterService.class);
    private static final Duration MAX_PUBLISH_BACKOFF = Duration.ofSeconds(30);

    private final ShardBuilder builder;
    private final ShardResultPublisher publisher;
    private final MeterRegistry metrics;
    private final RetryPolicy retry;
    private final Timer writeTime;

    ShardWriterService(ShardBuilder builder, ShardResultPublisher publisher, MeterRegistry metrics, ShardWriterConfig config) {
        this.builder = builder;
        this.publisher = publisher;
        this.metrics = metrics;
        this.retry = config.retry();
        this.writeTime = Timer.builder("nusomi.shard-writer.write.duration")
                .description("Time to write one shard, rows read to object complete").register(metrics);
    }

    /** Completes once the task's result (ok or failed) is on the results topic; fails only if that never succeeds. */
    public Uni<Void> handle(ShardTask task) {
        return retry.retrying(Uni.createFrom().item(() -> write(task))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()), ShardWriterService::mayPass)
                .map(shard -> ok(task, shard))
                .onFailure().recoverWithItem(failure -> failed(task, failure))
                .chain(result -> RetryPolicy.forever(retry.initialBackoff(), MAX_PUBLISH_BACKOFF).retrying(publisher.publish(result)
                        .onFailure().invoke(e -> LOG.warnf("publishing the result of shard %d of %s failed, retrying: %s",
                                task.getShardIndex(), task.getExportId(), e.getMessage())), any -> true));
    }

    private WrittenShard write(ShardTask task) {
        try (var export = LogFields.with(LogFields.EXPORT_ID, task.getExportId());
             var workspace = LogFields.with(LogFields.WORKSPACE_ID, task.getWorkspaceId())) {
            Timer.Sample sample = Timer.start(metrics);
            try {
                WrittenShard shard = builder.write(task);
                sample.stop(writeTime);
                LOG.infof("shard %d/%d written to %s/%s: %d rows, %d bytes, sha256 %s", task.getShardIndex(),
                        task.getShardCount(), shard.bucket(), shard.key(), shard.rows(), shard.sizeBytes(), shard.sha256());
                return shard;
            } catch (RuntimeException e) {
                LOG.warnf("shard %d/%d attempt failed%s: %s", task.getShardIndex(), task.getShardCount(),
                        mayPass(e) ? " (will retry)" : "", reason(e));
                throw e;
            }
        }
    }

    /** Worth another attempt: anything but a shard that cannot be written or a destination that refused for good. */
    static boolean mayPass(Throwable failure) {
        return !(failure instanceof ShardFailedException)
                && !(failure instanceof DestinationException d && !d.retryable());
    }

    private ShardResult ok(ShardTask task, WrittenShard shard) {
        metrics.counter("nusomi.shard-writer.shards", "outcome", "ok").increment();
        metrics.counter("nusomi.shard-writer.bytes").increment(shard.sizeBytes());
        metrics.counter("nusomi.shard-writer.rows").increment(shard.rows());
        return base(task).setOk(true).setBucket(shard.bucket()).setPath(shard.key()).setSizeBytes(shard.sizeBytes())
                .setRows(shard.rows()).setFrames(shard.frames()).setActions(shard.actions()).setSha256(shard.sha256())
                .build();
    }

    private ShardResult failed(ShardTask task, Throwable failure) {
        metrics.counter("nusomi.shard-writer.shards", "outcome", "failed").increment();
        String reason = reason(failure);
        try (var export = LogFields.with(LogFields.EXPORT_ID, task.getExportId())) {
            LOG.warnf("shard %d/%d failed: %s", task.getShardIndex(), task.getShardCount(), reason);
        }
        return base(task).setOk(false).setError(reason).build();
    }

    /** The failure as the export's error will say it; retried failures say how often they were tried. */
    private String reason(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (failure instanceof ShardFailedException || failure instanceof DestinationException) {
            return mayPass(failure) ? message + " (after " + retry.maxAttempts() + " attempts)" : message;
        }
        return "shard writing failed after " + retry.maxAttempts() + " attempts: " + failure.getClass().getSimpleName()
                + ": " + message;
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
