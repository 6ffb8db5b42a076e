package com.nusomi.sessionsealer.service;

import com.nusomi.sessionsealer.config.SessionSealerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** Vert.x timers driving the seal rounds and the idle/outbox housekeeping; a round never overlaps the previous one. */
@ApplicationScoped
public class SealScheduler {
    private static final Logger LOG = Logger.getLogger(SealScheduler.class);

    private final Vertx vertx;
    private final SealService seals;
    private final SessionSealerConfig config;
    private final BlobReaper reaper;
    private final List<Long> timers = new ArrayList<>();

    SealScheduler(Vertx vertx, SealService seals, SessionSealerConfig config, BlobReaper reaper) {
        this.vertx = vertx;
        this.seals = seals;
        this.config = config;
        this.reaper = reaper;
    }

    void start(@Observes StartupEvent ignored) {
        every(config.sealCheckInterval().toMillis(), "seal round", seals::sealReady);
        every(config.idleCheckInterval().toMillis(), "idle round",
                () -> seals.stopIdle().chain(seals::housekeeping).chain(reaper::reap));
    }

    void stop(@Observes ShutdownEvent ignored) {
        timers.forEach(vertx::cancelTimer);
    }

    private void every(long millis, String name, Supplier<Uni<Void>> round) {
        var running = new AtomicBoolean();
        timers.add(vertx.setPeriodic(millis, id -> {
            if (!running.compareAndSet(false, true)) {
                return;
            }
            LogContexts.onNewContext(vertx.getDelegate(), round)
                    .onTermination().invoke(() -> running.set(false))
                    .subscribe().with(ok -> { }, e -> LOG.warnf(e, "%s failed; the next one retries", name));
        }));
    }
}
