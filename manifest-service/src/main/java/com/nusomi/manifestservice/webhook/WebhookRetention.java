package com.nusomi.manifestservice.webhook;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Deletes finished webhook deliveries ({@code succeeded} or {@code failed}, last changed longer than
 * {@code retention} ago) with their attempts, and the events no delivery refers to any more, in batches of
 * {@code retention-batch} (one short transaction each, {@code SKIP LOCKED}, so several instances may run it). Runs
 * every {@code retention-interval} in the instances that deliver. Pending deliveries are never deleted.
 */
@ApplicationScoped
public class WebhookRetention {
    private static final Logger LOG = Logger.getLogger(WebhookRetention.class);

    private final Pool pool;
    private final WebhookDeliveryConfig config;
    private Thread loop;

    WebhookRetention(Pool pool, WebhookDeliveryConfig config) {
        this.pool = pool;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.deliver()) {
            loop = Thread.ofPlatform().name("webhook-retention").daemon().start(this::run);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.interrupt();
        }
    }

    /** Deletes every finished delivery older than the retention, batch by batch; returns how many. */
    public int purge() {
        int total = 0;
        while (true) {
            int deleted = purgeBatch().await().atMost(Duration.ofMinutes(1));
            total += deleted;
            if (deleted < config.retentionBatch()) {
                return total;
            }
        }
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                int deleted = purge();
                if (deleted > 0) {
                    LOG.infof("webhook retention: %d finished deliveries older than %s deleted", deleted, config.retention());
                }
                Thread.sleep(config.retentionInterval().toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf(e, "webhook retention pass failed; trying again in %s", config.retentionInterval());
                try {
                    Thread.sleep(config.retentionInterval().toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** One batch in one transaction: the deliveries, their attempts, then their events if no delivery is left. */
    private Uni<Integer> purgeBatch() {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT id, event_id FROM manifest.webhook_deliveries "
                        + "WHERE status <> 'pending' AND updated_at < now() - $1 * interval '1 millisecond' "
                        + "ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(config.retention().toMillis(), config.retentionBatch()))
                .chain(rows -> {
                    List<String> ids = new ArrayList<>();
                    List<String> events = new ArrayList<>();
                    rows.forEach(r -> {
                        ids.add(r.getString("id"));
                        events.add(r.getString("event_id"));
                    });
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    String[] deliveries = ids.toArray(String[]::new);
                    return conn.preparedQuery("DELETE FROM manifest.webhook_attempts WHERE delivery_id = ANY($1)")
                            .execute(Tuple.of(deliveries))
                            .chain(() -> conn.preparedQuery("DELETE FROM manifest.webhook_deliveries WHERE id = ANY($1)")
                                    .execute(Tuple.of(deliveries)))
                            .chain(() -> conn.preparedQuery("DELETE FROM manifest.webhook_events e WHERE e.id = ANY($1) "
                                            + "AND NOT EXISTS (SELECT 1 FROM manifest.webhook_deliveries d WHERE d.event_id = e.id)")
                                    .execute(Tuple.of(events.toArray(String[]::new))))
                            .replaceWith(ids.size());
                }));
    }
}
