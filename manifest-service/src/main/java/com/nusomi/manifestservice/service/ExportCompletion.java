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
 * arrive; after each, the export is advanced under a row lock: progress while shards are missing, and once all are
 * in, either {@code failed} or manifest.json (written last) then {@code completed}. The move out of {@code running}
 * and the status publish happen in one transaction, so an export is finished once; only a crash between publish and
 * commit publishes its final status again on redelivery (status consumers treat completed/failed as final).
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

    private Uni<Void> advance(String exportId) {
        return store.inTransaction(tx -> store.lock(tx, exportId).chain(found -> found
                        .filter(export -> export.state() == PlannedExport.ExportState.running)
                        .map(export -> step(tx, export))
                        .orElseGet(() -> Uni.createFrom().nullItem())))
                .chain(finalStatus -> finalStatus == null ? Uni.createFrom().voidItem() : announce(finalStatus));
    }

    /** One step of a running export; yields its final status when this step finished it. */
    private Uni<ExportStatus> step(SqlConnection tx, PlannedExport export) {
        return store.shards(tx, export.exportId(), export.shards()).chain(shards -> {
            if (shards.size() < export.shards()) {
                return progress(tx, export, shards.size()).replaceWith(Uni.createFrom().nullItem());
            }
            List<ShardRecord> failed = shards.stream().filter(s -> !s.ok()).toList();
            if (!failed.isEmpty()) {
                return fail(tx, export, shards.size() - failed.size(), ErrorCode.INTERNAL_ERROR, describe(failed, shards.size()));
            }
            return writeManifest(export, shards).chain(outcome -> outcome.manifestUrl() != null
                    ? complete(tx, export, outcome.manifestUrl())
                    : fail(tx, export, shards.size(), ErrorCode.INTERNAL_ERROR, outcome.error()));
        });
    }

    private Uni<Void> progress(SqlConnection tx, PlannedExport export, int shardsDone) {
        if (!config.publishProgress() || shardsDone <= export.shardsReported()) {
            return Uni.createFrom().voidItem();
        }
        return store.markProgress(tx, export.exportId(), shardsDone)
                .chain(() -> statuses.publish(status(export, ExportState.running).setShardsDone(shardsDone).build()));
    }

    private Uni<ExportStatus> complete(SqlConnection tx, PlannedExport export, String manifestUrl) {
        ExportStatus completed = status(export, ExportState.completed).setShardsDone(export.shards())
                .setManifestUrl(manifestUrl).build();
        return store.complete(tx, export.exportId(), manifestUrl).chain(won -> {
            if (!won) {
                return Uni.createFrom().nullItem();
            }
            return statuses.publish(completed).invoke(() -> {
                metrics.counter("nusomi.manifest-service.exports", "outcome", "completed").increment();
                log(export.exportId(), () -> LOG.infof("export completed: %s", withoutQuery(manifestUrl)));
            }).replaceWith(completed);
        });
    }

    private Uni<ExportStatus> fail(SqlConnection tx, PlannedExport export, int shardsDone, ErrorCode code, String message) {
        ExportStatus failed = status(export, ExportState.failed).setShardsDone(shardsDone)
                .setError(new ExportError(code.code(), message)).build();
        return store.fail(tx, export.exportId(), code.code(), message).chain(won -> {
            if (!won) {
                return Uni.createFrom().nullItem();
            }
            return statuses.publish(failed).invoke(() -> {
                metrics.counter("nusomi.manifest-service.exports", "outcome", "failed").increment();
                log(export.exportId(), () -> LOG.warnf("export failed: %s", message));
            }).replaceWith(failed);
        });
    }

    /**
     * Writes manifest.json on a worker thread (blocking S3 call), retrying store hiccups; a destination that cannot
     * be written at all, or still fails after the retries, yields an error instead of a URL.
     */
    private Uni<ManifestOutcome> writeManifest(PlannedExport export, List<ShardRecord> shards) {
        ManifestServiceConfig.Retry retry = config.manifestWrite();
        return Uni.createFrom().item(() -> {
                    Destination destination = destinations.of(export);
                    String url = destination.writeManifest(Manifest.of(export, shards, destination).toJson());
                    metrics.counter("nusomi.manifest-service.manifests").increment();
                    return new ManifestOutcome(url, null);
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(e -> !(e instanceof ManifestFailedException))
                .retry().withBackOff(retry.initialBackoff(), retry.maxBackoff()).atMost(Math.max(1, retry.maxAttempts() - 1))
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
