package com.nusomi.manifestservice.service;

import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.avro.ExportError;
import com.nusomi.contracts.avro.ExportState;
import com.nusomi.contracts.avro.ExportStatus;
import com.nusomi.contracts.avro.ShardResult;
import com.nusomi.kit.destination.Destination;
import com.nusomi.kit.kafka.PoisonRecordException;
import com.nusomi.kit.logging.LogFields;
import com.nusomi.manifestservice.config.ManifestServiceConfig;
import com.nusomi.manifestservice.destination.Destinations;
import com.nusomi.manifestservice.persistence.ExportStore;
import com.nusomi.manifestservice.persistence.PlannedExport;
import com.nusomi.manifestservice.persistence.ShardRecord;
import com.nusomi.manifestservice.persistence.TrackedExport;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Follows each export from its plan to its end. Plans and shard results are stored once, in whatever order they
 * arrive; after each, the export is advanced. The decision is taken under the export's row lock and touches only the
 * database: progress while shards are missing, {@code failed} when a shard failed, {@code finishing} once all are
 * in. Every I/O happens after that commit, without the lock: statuses are published, and a finishing export's
 * manifest.json is written (last), then a single statement moves it finishing → completed. Only one caller can win
 * that move, or the move to failed, so an export completes or fails exactly once; its final status is published
 * after the commit and marked, and a redelivered record publishes it again only when the mark is missing.
 */
@ApplicationScoped
public class ExportCompletion {
    private static final Logger LOG = Logger.getLogger(ExportCompletion.class);
    private static final int MAX_ERROR_MESSAGE = 2000;

    private final ExportStore store;
    private final Destinations destinations;
    private final StatusPublisher statuses;
    private final ExportAnnouncer announcer;
    private final ManifestServiceConfig config;
    private final MeterRegistry metrics;

    ExportCompletion(ExportStore store, Destinations destinations, StatusPublisher statuses, ExportAnnouncer announcer,
                     ManifestServiceConfig config, MeterRegistry metrics) {
        this.store = store;
        this.destinations = destinations;
        this.statuses = statuses;
        this.announcer = announcer;
        this.config = config;
        this.metrics = metrics;
    }

    /** The planner's {@code running} status with its plan. */
    public Uni<Void> onPlan(ExportStatus running) {
        PlannedExport export = Plans.fromRunningStatus(running);
        return store.savePlan(export)
                .invoke(isNew -> log(export.exportId(), () -> LOG.infof(isNew ? "plan recorded: %d shards, %d rows"
                        : "plan already recorded (%d shards, %d rows)", export.shards(), export.rows())))
                .chain(() -> advance(export.exportId()));
    }

    public Uni<Void> onShardResult(ShardResult result) {
        validate(result);
        return store.saveShard(result)
                .invoke(isNew -> {
                    metrics.counter("nusomi.manifest-service.shard-results", "taken", isNew ? "new" : "duplicate").increment();
                    log(result.getExportId(), () -> LOG.infof("shard %d/%d result %s%s", result.getShardIndex(),
                            result.getShardCount(), result.getOk() ? "ok" : "failed: " + result.getError(),
                            isNew ? "" : " (duplicate, ignored)"));
                })
                .chain(() -> advance(result.getExportId()));
    }

    /** What to do once the decision is committed and the lock released. */
    private sealed interface Next {
        record Nothing() implements Next {}

        record PublishProgress(ExportStatus status) implements Next {}

        record PublishFinal(ExportStatus status) implements Next {}

        record WriteManifest(PlannedExport export, List<ShardRecord> shards) implements Next {}
    }

    private Uni<Void> advance(String exportId) {
        return store.inTransaction(tx -> store.lock(tx, exportId).chain(found -> found
                        .map(export -> decide(tx, export))
                        .orElseGet(() -> Uni.createFrom().item(new Next.Nothing()))))
                .chain(this::act);
    }

    /** Under the lock, database only. */
    private Uni<Next> decide(SqlConnection tx, TrackedExport tracked) {
        PlannedExport export = tracked.plan();
        return switch (export.state()) {
            case running -> store.shards(tx, export.exportId(), export.shards()).chain(shards -> {
                if (shards.size() < export.shards()) {
                    return progress(tx, export, shards.size());
                }
                List<ShardRecord> failed = shards.stream().filter(s -> !s.ok()).toList();
                if (!failed.isEmpty()) {
                    String message = describe(failed, shards.size());
                    return store.fail(tx, export.exportId(), ErrorCode.INTERNAL_ERROR.code(), message).map(won -> won
                            ? new Next.PublishFinal(failed(export, shards.size() - failed.size(), ErrorCode.INTERNAL_ERROR.code(), message))
                            : new Next.Nothing());
                }
                return store.startFinishing(tx, export.exportId())
                        .map(won -> won ? new Next.WriteManifest(export, shards) : new Next.Nothing());
            });
            // a finisher crashed (its record is redelivered) or is at work: writing the same manifest again is harmless
            case finishing -> store.shards(tx, export.exportId(), export.shards())
                    .map(shards -> new Next.WriteManifest(export, shards));
            case completed -> Uni.createFrom().item(tracked.finalPublished() ? new Next.Nothing()
                    : new Next.PublishFinal(completed(export, tracked.manifestUrl())));
            case failed -> Uni.createFrom().item(tracked.finalPublished() ? new Next.Nothing()
                    : new Next.PublishFinal(failed(export, export.shardsReported(), tracked.errorCode(), tracked.errorMessage())));
        };
    }

    private Uni<Next> progress(SqlConnection tx, PlannedExport export, int shardsDone) {
        if (!config.publishProgress() || shardsDone <= export.shardsReported()) {
            return Uni.createFrom().item(new Next.Nothing());
        }
        return store.markProgress(tx, export.exportId(), shardsDone).map(changed -> changed
                ? new Next.PublishProgress(status(export, ExportState.running).setShardsDone(shardsDone).build())
                : new Next.Nothing());
    }

    /** After the commit, without the lock. */
    private Uni<Void> act(Next next) {
        return switch (next) {
            case Next.Nothing ignored -> Uni.createFrom().voidItem();
            case Next.PublishProgress p -> statuses.publish(p.status());
            case Next.PublishFinal f -> publishFinal(f.status());
            case Next.WriteManifest w -> writeManifest(w.export(), w.shards()).chain(outcome -> outcome.manifestUrl() != null
                    ? store.complete(w.export().exportId(), outcome.manifestUrl()).chain(won -> won
                            ? publishFinal(completed(w.export(), outcome.manifestUrl()))
                            : Uni.createFrom().voidItem())
                    : store.fail(w.export().exportId(), ErrorCode.INTERNAL_ERROR.code(), outcome.error()).chain(won -> won
                            ? publishFinal(failed(w.export(), w.shards().size(), ErrorCode.INTERNAL_ERROR.code(), outcome.error()))
                            : Uni.createFrom().voidItem()));
        };
    }

    private Uni<Void> publishFinal(ExportStatus status) {
        return statuses.publish(status)
                .chain(() -> store.markPublished(status.getExportId()))
                .invoke(() -> {
                    metrics.counter("nusomi.manifest-service.exports", "outcome", status.getStatus().name()).increment();
                    log(status.getExportId(), () -> {
                        if (status.getStatus() == ExportState.completed) {
                            LOG.infof("export completed: %s", withoutQuery(status.getManifestUrl()));
                        } else {
                            LOG.warnf("export failed: %s", status.getError().getMessage());
                        }
                    });
                })
                .chain(() -> announce(status));
    }

    private static ExportStatus completed(PlannedExport export, String manifestUrl) {
        return status(export, ExportState.completed).setShardsDone(export.shards()).setManifestUrl(manifestUrl).build();
    }

    private static ExportStatus failed(PlannedExport export, int shardsDone, String code, String message) {
        return status(export, ExportState.failed).setShardsDone(shardsDone)
                .setError(new ExportError(code == null ? ErrorCode.INTERNAL_ERROR.code() : code,
                        message == null ? "the export failed" : message))
                .build();
    }

    /**
     * Writes manifest.json on a worker thread (blocking S3 call), retrying store hiccups; a destination that cannot
     * be written at all, or still fails after the retries, yields an error instead of a URL.
     */
    private Uni<ManifestOutcome> writeManifest(PlannedExport export, List<ShardRecord> shards) {
        return config.manifestWrite().retrying(Uni.createFrom().item(() -> {
                    Destination destination = destinations.of(export);
                    String url = destination.writeManifest(Manifest.of(export, shards, destination).toJson());
                    metrics.counter("nusomi.manifest-service.manifests").increment();
                    return new ManifestOutcome(url, null);
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()), e -> !(e instanceof ManifestFailedException))
                .onFailure().recoverWithItem(e -> new ManifestOutcome(null, "could not write manifest.json: " + e.getMessage()));
    }

    private record ManifestOutcome(String manifestUrl, String error) {}

    private Uni<Void> announce(ExportStatus finalStatus) {
        return announcer.announce(finalStatus).onFailure().recoverWithItem(e -> {
            log(finalStatus.getExportId(), () -> LOG.warnf(e, "announcing %s failed", finalStatus.getStatus()));
            return null;
        });
    }

    private static ExportStatus.Builder status(PlannedExport export, ExportState state) {
        return ExportStatus.newBuilder().setExportId(export.exportId()).setWorkspaceId(export.workspaceId())
                .setStatus(state).setPlan(null).setAt(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private static String describe(List<ShardRecord> failed, int shards) {
        String detail = failed.stream().map(s -> "shard " + s.shardIndex() + ": " + s.error())
                .collect(Collectors.joining("; "));
        String message = failed.size() + " of " + shards + " shards failed; " + detail;
        return message.length() > MAX_ERROR_MESSAGE ? message.substring(0, MAX_ERROR_MESSAGE - 1) + "…" : message;
    }

    private static void validate(ShardResult result) {
        if (result.getExportId() == null || result.getExportId().isBlank()) {
            throw new PoisonRecordException("shard result without export_id");
        }
        if (result.getShardIndex() < 0 || result.getShardIndex() >= result.getShardCount()) {
            throw new PoisonRecordException("shard index " + result.getShardIndex() + " outside 0.." + (result.getShardCount() - 1));
        }
        if (result.getOk() && (result.getPath() == null || result.getSha256().isBlank())) {
            throw new PoisonRecordException("successful shard result without path or sha256");
        }
    }

    /** A presigned URL is a credential: logs keep only where it points. */
    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static void log(String exportId, Runnable logging) {
        try (var scope = LogFields.with(LogFields.EXPORT_ID, exportId)) {
            logging.run();
        }
    }
}
