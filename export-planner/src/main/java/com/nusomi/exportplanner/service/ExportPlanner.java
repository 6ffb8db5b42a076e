package com.nusomi.exportplanner.service;

import com.nusomi.contracts.avro.ExportPlan;
import com.nusomi.contracts.avro.ExportRequest;
import com.nusomi.contracts.avro.ExportState;
import com.nusomi.contracts.avro.ExportStatus;
import com.nusomi.contracts.avro.ShardTask;
import com.nusomi.exportplanner.config.PlannerConfig;
import com.nusomi.exportplanner.persistence.CatalogReader;
import com.nusomi.exportplanner.persistence.PlanStore;
import com.nusomi.exportplanner.publish.PlanPublisher;
import com.nusomi.exportplanner.service.ShardCutter.ShardSpan;
import com.nusomi.kit.export.ExportRules;
import com.nusomi.kit.logging.LogFields;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Plans one export: selects its sessions and rows from a catalog snapshot, numbers the rows in export order, cuts
 * them into shards by estimated size, and stores plan, boundaries and rows (schema {@code planner}) in the same
 * transaction; then publishes one {@link ShardTask} per shard, naming its range of rows, and
 * {@code ExportStatus{running, plan}}. A request it cannot plan ends as {@code ExportStatus{failed, error}}. A
 * redelivered request finds its stored plan and republishes the same tasks, so duplicates are harmless downstream.
 * <p>
 * One pass over the catalog; memory holds one page of candidates and the shard boundaries, never the export.
 */
@ApplicationScoped
public class ExportPlanner {
    private static final Logger LOG = Logger.getLogger(ExportPlanner.class);

    private final CatalogReader catalog;
    private final PlanStore plans;
    private final PlanPublisher publisher;
    private final PlannerConfig config;
    private final MeterRegistry meters;
    private final Counter rowsPlanned;
    private final Counter shardsPlanned;
    private final Timer planningTime;

    ExportPlanner(CatalogReader catalog, PlanStore plans, PlanPublisher publisher, PlannerConfig config, MeterRegistry meters) {
        this.catalog = catalog;
        this.plans = plans;
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
     * Plans {@code request}, or publishes why it cannot be planned. Fails only when the database or the broker stays
     * unavailable through the configured retries; each retry starts over and republishes the same records.
     */
    public Uni<Void> plan(ExportRequest request) {
        var violation = ExportRules.check(request);
        Uni<Void> attempt = violation.isPresent()
                ? Uni.createFrom().deferred(() -> reject(request, Rejection.of(violation.get())))
                : Uni.createFrom().deferred(() -> planAndPublish(request)).replaceWithVoid();
        return config.retry().retrying(attempt
                .onFailure().invoke(e -> log(request, () -> LOG.warnf(e, "planning attempt for export %s failed",
                        request.getExportId()))), anyFailure -> true);
    }

    private Uni<ExportPlan> planAndPublish(ExportRequest request) {
        long started = System.nanoTime();
        var selection = Selection.of(request);
        return purgeOldPlans()
                .chain(() -> catalog.inSnapshot(conn -> plans.claim(conn, request.getExportId(), request.getWorkspaceId())
                        .chain(claimed -> claimed
                                ? build(conn, request, selection)
                                : plans.find(conn, request.getExportId(), request.getWorkspaceId()).map(found -> found
                                        .orElseThrow(() -> new IllegalStateException("plan of " + request.getExportId()
                                                + " is claimed but not readable"))))))
                .call(stored -> publishTasks(request, stored))
                .map(stored -> planOf(request, selection, stored))
                .call(plan -> publisher.status(running(request, plan)))
                .invoke(plan -> planned(request, plan, started));
    }

    private Uni<Void> purgeOldPlans() {
        return plans.purgeOlderThan(config.planRetention())
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("deleted %d plans older than %s", n, config.planRetention());
                    }
                })
                .replaceWithVoid();
    }

    /** Reads the catalog once, storing rows page by page, and the boundaries at the end; returns what it decided. */
    private Uni<StoredPlan> build(SqlConnection conn, ExportRequest request, Selection selection) {
        var filter = new SessionFilter(selection);
        var sampler = new FrameSampler(request.getFrameSampling());
        var estimator = new RowSizeEstimator(config.rowOverheadBytes(), ImageUrls.prefixBytes(request.getDestination()),
                request.getFormat());
        var sequencer = new RowSequencer(new EventGate(selection.minEventConfidence()), sampler, estimator);
        var cutter = new ShardCutter(request.getShardSizeBytes());
        String exportId = request.getExportId();
        return catalog.sessions(conn, selection, config.sessionsPerQuery())
                .onItem().transformToUniAndConcatenate(page -> {
                    Map<String, SessionFacts> selected = new HashMap<>();
                    page.stream().filter(filter::matches).forEach(s -> selected.put(s.id(), s));
                    if (selected.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    List<String> ids = page.stream().map(SessionFacts::id).filter(selected::containsKey).toList();
                    return catalog.candidates(conn, selection.workspaceId(), ids, sampler.needsFrameCandidates(),
                                    config.fetchSize())
                            .onItem().transformToUniAndConcatenate(candidates -> {
                                List<PlannedRow> rows = new ArrayList<>();
                                for (Candidate c : candidates) {
                                    sequencer.next(c, selected.get(c.sessionId())).ifPresent(row -> {
                                        cutter.add(row.estimatedBytes());
                                        rows.add(row);
                                    });
                                }
                                return plans.insertRows(conn, exportId, rows);
                            })
                            .onItem().ignoreAsUni();
                })
                .onItem().ignoreAsUni()
                .map(done -> new StoredPlan(sequencer.rows(), sequencer.frames(), sequencer.actions(), cutter.shards()))
                .call(stored -> plans.finish(conn, exportId, stored));
    }

    /** One task per shard, each naming its range of rows; sent in shard order, each acknowledged by the broker. */
    private Uni<Void> publishTasks(ExportRequest request, StoredPlan plan) {
        return Multi.createFrom().iterable(plan.shards())
                .onItem().transformToUniAndConcatenate(span -> publisher.task(task(request, span, plan.shards().size())))
                .onItem().ignoreAsUni();
    }

    private void planned(ExportRequest request, ExportPlan plan, long startedNanos) {
        planningTime.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        count("running", "none");
        rowsPlanned.increment(plan.getRows());
        shardsPlanned.increment(plan.getShards());
        log(request, () -> LOG.infof("planned export %s: %d rows, %d shards, %d frames", request.getExportId(),
                plan.getRows(), plan.getShards(), plan.getFrames()));
    }

    static ShardTask task(ExportRequest request, ShardSpan span, int shardCount) {
        return ShardTask.newBuilder()
                .setExportId(request.getExportId())
                .setWorkspaceId(request.getWorkspaceId())
                .setShardIndex(span.index())
                .setShardCount(shardCount)
                .setFormat(request.getFormat())
                .setDestination(request.getDestination())
                .setObjectName(ShardObjectNames.of(request.getFormat(), span.index()))
                .setFirstRow(span.firstRow())
                .setRowCount(span.rows())
                .setEstimatedBytes(span.estimatedBytes())
                .build();
    }

    private static ExportPlan planOf(ExportRequest request, Selection selection, StoredPlan measured) {
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
                .setRequestedAt(request.getRequestedAt())
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
}
