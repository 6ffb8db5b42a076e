package com.nusomi.exportplanner.service;

import com.nusomi.contracts.avro.ExportPlan;
import com.nusomi.contracts.avro.ExportRequest;
import com.nusomi.contracts.avro.ExportState;
import com.nusomi.contracts.avro.ExportStatus;
import com.nusomi.contracts.avro.ShardTask;
import com.nusomi.exportplanner.config.PlannerConfig;
import com.nusomi.exportplanner.persistence.CatalogReader;
import com.nusomi.exportplanner.publish.PlanPublisher;
import com.nusomi.exportplanner.service.ShardAssembler.AssembledShard;
import com.nusomi.exportplanner.service.ShardCutter.ShardSpan;
import com.nusomi.kit.logging.LogFields;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Plans one export: selects its rows from a catalog snapshot, cuts them into shards by estimated size, publishes one
 * {@link ShardTask} per shard and then {@code ExportStatus{running, plan}}; a request it cannot plan ends as
 * {@code ExportStatus{failed, error}}. Planning is deterministic (a snapshot, a total row order, sessions sealed by the
 * request's time), so a redelivered request republishes the same tasks and duplicates are harmless downstream.
 * <p>
 * Two passes over the same snapshot keep memory bounded by one shard: the first measures rows and fixes the shard
 * boundaries (a task carries the shard count), the second reads the rows again and publishes each shard as it fills.
 */
@ApplicationScoped
public class ExportPlanner {
    private static final Logger LOG = Logger.getLogger(ExportPlanner.class);

    private final CatalogReader catalog;
    private final PlanPublisher publisher;
    private final PlannerConfig config;
    private final MeterRegistry meters;
    private final Counter rowsPlanned;
    private final Counter shardsPlanned;
    private final Timer planningTime;

    ExportPlanner(CatalogReader catalog, PlanPublisher publisher, PlannerConfig config, MeterRegistry meters) {
        this.catalog = catalog;
        this.publisher = publisher;
        this.config = config;
        this.meters = meters;
        this.rowsPlanned = Counter.builder("nusomi.exports.planned.rows")
                .description("Rows of planned exports").register(meters);
        this.shardsPlanned = Counter.builder("nusomi.exports.planned.shards")
                .description("Shard tasks of planned exports").register(meters);
        this.planningTime = Timer.builder("nusomi.exports.planning")
                .description("Time to plan an export and publish its tasks").register(meters);
    }

    /**
     * Plans {@code request}, or publishes why it cannot be planned. Fails only when the catalog or the broker stays
     * unavailable through the configured retries; each retry starts over and republishes the same records.
     */
    public Uni<Void> plan(ExportRequest request) {
        var retry = config.retry();
        var rejection = RequestValidator.check(request);
        Uni<Void> attempt = rejection.isPresent()
                ? Uni.createFrom().deferred(() -> reject(request, rejection.get()))
                : Uni.createFrom().deferred(() -> planAndPublish(request)).replaceWithVoid();
        return attempt
                .onFailure().invoke(e -> log(request, () -> LOG.warnf(e, "planning attempt for export %s failed",
                        request.getExportId())))
                .onFailure().retry().withBackOff(retry.initialBackoff(), retry.maxBackoff()).atMost(retry.maxAttempts() - 1L);
    }

    private Uni<ExportPlan> planAndPublish(ExportRequest request) {
        long started = System.nanoTime();
        var selection = Selection.of(request);
        var estimator = new RowSizeEstimator(config.rowOverheadBytes(), ImageUrls.prefixBytes(request.getDestination()));
        return catalog.inSnapshot(conn -> measure(conn, selection, request.getShardSizeBytes(), estimator)
                        .call(measured -> publishShards(conn, request, selection, measured.shards())))
                .map(measured -> planOf(request, selection, measured))
                .call(plan -> publisher.status(running(request, plan)))
                .invoke(plan -> planned(request, plan, started));
    }

    private void planned(ExportRequest request, ExportPlan plan, long startedNanos) {
        planningTime.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        count("running", "none");
        rowsPlanned.increment(plan.getRows());
        shardsPlanned.increment(plan.getShards());
        log(request, () -> LOG.infof("planned export %s: %d rows, %d shards, %d frames", request.getExportId(),
                plan.getRows(), plan.getShards(), plan.getFrames()));
    }

    /** First pass: sizes every row and fixes the shard boundaries. */
    private Uni<Measurement> measure(SqlConnection conn, Selection selection, long shardSizeBytes, RowSizeEstimator estimator) {
        var sequencer = new RowSequencer(estimator);
        var cutter = new ShardCutter(shardSizeBytes, config.maxRowsPerShard());
        return catalog.rows(conn, selection, true, config.fetchSize())
                .onItem().invoke(row -> cutter.add(sequencer.next(row).estimatedBytes()))
                .onItem().ignoreAsUni()
                .replaceWith(() -> new Measurement(cutter.shards(), sequencer.rows(), sequencer.frames(), sequencer.actions()));
    }

    /** Second pass: reads the same rows again and publishes each shard once its last row arrived. */
    private Uni<Void> publishShards(SqlConnection conn, ExportRequest request, Selection selection, List<ShardSpan> shards) {
        if (shards.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        var sequencer = new RowSequencer(new RowSizeEstimator(0, 0));
        var assembler = new ShardAssembler(shards);
        return catalog.rows(conn, selection, false, config.fetchSize())
                .onItem().transformToUniAndConcatenate(row -> assembler.add(sequencer.next(row).ref())
                        .map(shard -> publisher.task(task(request, shard, shards.size())))
                        .orElseGet(() -> Uni.createFrom().voidItem()))
                .onItem().ignoreAsUni()
                .invoke(assembler::finish);
    }

    private static ShardTask task(ExportRequest request, AssembledShard shard, int shardCount) {
        return ShardTask.newBuilder()
                .setExportId(request.getExportId())
                .setWorkspaceId(request.getWorkspaceId())
                .setShardIndex(shard.index())
                .setShardCount(shardCount)
                .setFormat(request.getFormat())
                .setDestination(request.getDestination())
                .setObjectName(ShardObjectNames.of(request.getFormat(), shard.index()))
                .setRows(shard.rows())
                .build();
    }

    private static ExportPlan planOf(ExportRequest request, Selection selection, Measurement measured) {
        return ExportPlan.newBuilder()
                .setWorkflows(selection.workflows())
                .setFormat(request.getFormat())
                .setTag(request.getTag())
                .setShardSizeBytes(request.getShardSizeBytes())
                .setDestination(request.getDestination())
                .setFilterSummary(FilterSummary.of(selection, request.getFrameSampling()))
                .setRows(measured.rows())
                .setShards(measured.shards().size())
                .setFrames(measured.frames())
                .setActions(measured.actions())
                .build();
    }

    private static ExportStatus running(ExportRequest request, ExportPlan plan) {
        return status(request, ExportState.running).setPlan(plan).build();
    }

    private Uni<Void> reject(ExportRequest request, Rejection rejection) {
        log(request, () -> LOG.warnf("export %s cannot be planned: %s %s", request.getExportId(),
                rejection.code().code(), rejection.message()));
        var failed = status(request, ExportState.failed).setError(rejection.toExportError()).build();
        return publisher.status(failed).invoke(() -> count("failed", rejection.code().code()));
    }

    private static ExportStatus.Builder status(ExportRequest request, ExportState state) {
        return ExportStatus.newBuilder()
                .setExportId(request.getExportId())
                .setWorkspaceId(request.getWorkspaceId())
                .setStatus(state)
                .setShardsDone(0)
                .setAt(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private void count(String result, String code) {
        meters.counter("nusomi.exports.planned", "result", result, "code", code).increment();
    }

    private static void log(ExportRequest request, Runnable line) {
        try (var e = LogFields.with(LogFields.EXPORT_ID, request.getExportId());
             var w = LogFields.with(LogFields.WORKSPACE_ID, request.getWorkspaceId())) {
            line.run();
        }
    }

    private record Measurement(List<ShardSpan> shards, long rows, long frames, long actions) {}
}
