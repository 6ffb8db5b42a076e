package com.nusomi.apigateway.stream;

import com.nusomi.apigateway.config.GatewayConfig;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.kit.api.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Open streams per API key and per workspace across every gateway instance (SPEC §5: 50 and 500); beyond them 429
 * {@code stream_limit_exceeded}. Each open stream holds a row of {@code gateway.stream_leases} whose expiry this
 * instance renews on a heartbeat, so the streams of a crashed instance stop counting once their lease runs out.
 */
@ApplicationScoped
public class StreamLimits {
    private static final Logger LOG = Logger.getLogger(StreamLimits.class);
    private static final Duration DB_WAIT = Duration.ofSeconds(10);
    // under a per-workspace advisory lock: no other admission of the workspace runs between the count and the insert
    private static final String ADMIT = """
            INSERT INTO gateway.stream_leases (id, instance_id, workspace_id, key_id, expires_at)
            SELECT $1, $2, $3, $4, now() + make_interval(secs => $5)
            WHERE (SELECT count(*) FROM gateway.stream_leases WHERE key_id = $4 AND expires_at > now()) < $6
              AND (SELECT count(*) FROM gateway.stream_leases WHERE workspace_id = $3 AND expires_at > now()) < $7
            RETURNING id""";

    private final int maxPerKey;
    private final int maxPerWorkspace;
    private final Duration lease;
    private final Pool pool;
    private final String instanceId = "gw_" + UUID.randomUUID();
    private final ScheduledExecutorService heartbeat;

    @Inject
    StreamLimits(GatewayConfig config, Pool pool) {
        this(config.stream().maxPerKey(), config.stream().maxPerWorkspace(), config.stream().lease(), pool);
    }

    /** One limiter as one gateway instance has it (tests build a second one on the same table). */
    StreamLimits(int maxPerKey, int maxPerWorkspace, Duration lease, Pool pool) {
        this.maxPerKey = maxPerKey;
        this.maxPerWorkspace = maxPerWorkspace;
        this.lease = lease;
        this.pool = pool;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("stream-leases").daemon().factory());
        long every = Math.max(1, lease.toMillis() / 3);
        heartbeat.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** A held stream slot; {@link #close()} gives it back (once). */
    public final class Permit implements AutoCloseable {
        private final String leaseId;
        private boolean released;

        private Permit(String leaseId) {
            this.leaseId = leaseId;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            // may run on an event loop: fire and forget; should it fail, the lease expires at the next missed renewal
            pool.preparedQuery("DELETE FROM gateway.stream_leases WHERE id = $1").execute(Tuple.of(leaseId))
                    .subscribe().with(rows -> { }, e -> LOG.warnf(e, "could not release stream lease %s", leaseId));
        }
    }

    /** Takes a slot or throws 429; blocks (on the worker thread opening the stream) for the admission transaction. */
    public Permit acquire(String keyId, String workspaceId) {
        String leaseId = UUID.randomUUID().toString();
        Counts refused = pool.withTransaction(tx -> tx
                        .preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                        .execute(Tuple.of("nusomi.stream_leases/" + workspaceId))
                        .chain(() -> tx.preparedQuery(ADMIT).execute(Tuple.from(List.<Object>of(leaseId, instanceId,
                                workspaceId, keyId, lease.toMillis() / 1000.0, (long) maxPerKey, (long) maxPerWorkspace))))
                        .chain(inserted -> inserted.rowCount() == 1 ? Uni.createFrom().<Counts>nullItem()
                                : counts(tx, keyId, workspaceId)))
                .await().atMost(DB_WAIT);
        if (refused == null) {
            return new Permit(leaseId);
        }
        if (refused.key() >= maxPerKey) {
            throw new ApiException(ErrorCode.STREAM_LIMIT_EXCEEDED, "this API key already has " + maxPerKey
                    + " open streams; close one before opening another");
        }
        throw new ApiException(ErrorCode.STREAM_LIMIT_EXCEEDED, "this workspace already has " + maxPerWorkspace
                + " open streams; close one before opening another");
    }

    /** Open streams of a workspace on every instance (metrics, tests). */
    public int open(String workspaceId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM gateway.stream_leases WHERE workspace_id = $1 AND expires_at > now()")
                .execute(Tuple.of(workspaceId)).map(rows -> rows.iterator().next().getInteger("n"))
                .await().atMost(DB_WAIT);
    }

    /** Gives back this instance's slots on an orderly shutdown (a crash leaves them to expire). */
    @PreDestroy
    void shutdown() {
        stopHeartbeat();
        try {
            pool.preparedQuery("DELETE FROM gateway.stream_leases WHERE instance_id = $1").execute(Tuple.of(instanceId))
                    .await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.warnf("could not release the stream leases of %s at shutdown (they expire in %s): %s", instanceId, lease, e.getMessage());
        }
    }

    /** Stops renewing without releasing: what a crashed instance does (tests). */
    void stopHeartbeat() {
        heartbeat.shutdownNow();
    }

    private record Counts(long key, long workspace) {}

    private static Uni<Counts> counts(io.vertx.mutiny.sqlclient.SqlConnection tx, String keyId, String workspaceId) {
        return tx.preparedQuery("SELECT count(*) FILTER (WHERE key_id = $1) AS k, count(*) AS w FROM gateway.stream_leases "
                        + "WHERE workspace_id = $2 AND expires_at > now()")
                .execute(Tuple.of(keyId, workspaceId))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Counts(row.getLong("k"), row.getLong("w"));
                });
    }

    private void renew() {
        pool.preparedQuery("UPDATE gateway.stream_leases SET expires_at = now() + make_interval(secs => $2) WHERE instance_id = $1")
                .execute(Tuple.of(instanceId, lease.toMillis() / 1000.0))
                .subscribe().with(rows -> { }, e -> LOG.warnf("could not renew the stream leases of %s: %s", instanceId, e.getMessage()));
    }
}
