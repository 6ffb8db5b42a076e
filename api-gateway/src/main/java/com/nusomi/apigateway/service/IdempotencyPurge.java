package com.nusomi.apigateway.service;

import com.nusomi.apigateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Deletes expired idempotency keys periodically; expiry itself does not depend on it (claims check expires_at). */
@ApplicationScoped
public class IdempotencyPurge {
    private static final Logger LOG = Logger.getLogger(IdempotencyPurge.class);
    private final Vertx vertx;
    private final IdempotencyStore store;
    private final GatewayConfig config;
    private long timer = -1;

    IdempotencyPurge(Vertx vertx, IdempotencyStore store, GatewayConfig config) {
        this.vertx = vertx;
        this.store = store;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.idempotency().purgeInterval().toMillis(), id -> store.purgeExpired().subscribe().with(
                deleted -> {
                    if (deleted > 0) {
                        LOG.debugf("purged %d expired idempotency keys", deleted);
                    }
                },
                failure -> LOG.warnf("could not purge expired idempotency keys: %s", failure.getMessage())));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
