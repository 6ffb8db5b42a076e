package com.nusomi.sessionsealer.service;

import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.EventType;
import com.nusomi.contracts.avro.Outcome;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.kit.logging.LogFields;
import com.nusomi.sessionsealer.client.KafkaOffsets;
import com.nusomi.sessionsealer.config.SessionSealerConfig;
import com.nusomi.sessionsealer.mapping.Snapshots;
import com.nusomi.sessionsealer.persistence.DeliveryRepository;
import com.nusomi.sessionsealer.persistence.SessionRepository;
import com.nusomi.sessionsealer.persistence.SessionRepository.SealFacts;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.IsolationLevel;
import org.jboss.logging.Logger;

/**
 * Seals stopped sessions once everything sent before their stop is in the catalog, and stops recordings that went
 * idle. A stopped session seals when (1) the frames projection passed the stop's frames offsets, (2) the extractor's
 * group committed past the stop's signals and frames offsets (it holds events until their frame is indexed), (2b) it
 * committed past the end of the lifecycle topic read once the session's {@code stopped} transition was published (it
 * reports the field still being typed on that transition), then (3) the events projection passed the read-committed
 * end of the events topic read after (2b) held. The (2b) and (3) offsets are recorded once on the watermark.
 */
@ApplicationScoped
public class SealService {
    private static final Logger LOG = Logger.getLogger(SealService.class);
    /** An outbox row older than this was not delivered inline (failed send or crash) and is relayed. */
    private static final Duration OUTBOX_GRACE = Duration.ofSeconds(5);

    private final Pool pool;
    private final SessionRepository sessions;
    private final DeliveryRepository deliveries;
    private final Delivery delivery;
    private final KafkaOffsets offsets;
    private final CatalogProgress progress;
    private final SessionCommandService commands;
    private final SessionSealerConfig config;
    private final MeterRegistry metrics;

    SealService(Pool pool, SessionRepository sessions, DeliveryRepository deliveries, Delivery delivery,
                KafkaOffsets offsets, CatalogProgress progress, SessionCommandService commands,
                SessionSealerConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.sessions = sessions;
        this.deliveries = deliveries;
        this.delivery = delivery;
        this.offsets = offsets;
        this.progress = progress;
        this.commands = commands;
        this.config = config;
        this.metrics = metrics;
    }

    /** One pass over the stopped sessions; also wakes stop commands waiting on frames owned by other instances. */
    public Uni<Void> sealReady() {
        var round = new Round();
        return progress.frames().recheckWaiters()
                .chain(() -> sessions.stopped(pool))
                .chain(stopped -> Multi.createFrom().iterable(stopped)
                        .onItem().transformToUniAndConcatenate(s -> trySeal(round, s)
                                .onFailure().recoverWithItem(e -> {
                                    try (var l = LogFields.with(LogFields.SESSION_ID, s.id())) {
                                        LOG.warnf(e, "seal check failed, next round retries");
                                    }
                                    return null;
                                }))
                        .collect().last())
                .chain(() -> recordLifecycle(round))
                .replaceWithVoid();
    }

    private Uni<Void> trySeal(Round round, SessionRepository.Stopped stopped) {
        String id = stopped.id();
        Watermark watermark = Watermark.fromJson(stopped.watermarkJson());
        return progress.frames().passed(watermark.frames()).chain(framesIn -> {
            if (!framesIn) {
                return Uni.createFrom().voidItem();
            }
            if (watermark.events().isPresent()) {
                return sealIfPassed(id, watermark.events().get());
            }
            return round.extractorCommitted().chain(committed -> {
                if (!Watermark.reached(watermark.frames(), on(committed, Topic.CAPTURE_FRAMES))
                        || !Watermark.reached(watermark.signals(), on(committed, Topic.CAPTURE_SIGNALS))) {
                    return Uni.createFrom().voidItem();
                }
                if (watermark.lifecycle().isEmpty()) {
                    return lifecycleDueOnceDelivered(round, id);
                }
                if (!Watermark.reached(watermark.lifecycle().get(), on(committed, Topic.SESSION_LIFECYCLE))) {
                    return Uni.createFrom().voidItem();
                }
                return round.eventsEnd().chain(eventsEnd -> sessions.recordWatermark(pool, id, Watermark.EVENTS,
                                Watermark.offsetsJson(eventsEnd))
                        .chain(() -> sealIfPassed(id, eventsEnd)));
            });
        });
    }

    /** The lifecycle end may be recorded once the session's stop transition left the outbox (it is on the topic). */
    private Uni<Void> lifecycleDueOnceDelivered(Round round, String sessionId) {
        return deliveries.pendingLifecycle(pool, sessionId)
                .invoke(pending -> {
                    if (pending.isEmpty()) {
                        round.lifecycleDue.add(sessionId);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Records one end of the lifecycle topic on every session found due this round. Read after all their outbox checks,
     * so it lies past each one's {@code stopped} transition (the topic is not written transactionally: the high
     * watermark, which the extractor's committed offsets reach).
     */
    private Uni<Void> recordLifecycle(Round round) {
        if (round.lifecycleDue.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return offsets.endOffsets(Topic.SESSION_LIFECYCLE.topicName(), IsolationLevel.READ_UNCOMMITTED)
                .chain(end -> Multi.createFrom().iterable(round.lifecycleDue)
                        .onItem().transformToUniAndConcatenate(id -> sessions.recordWatermark(pool, id,
                                Watermark.LIFECYCLE, Watermark.offsetsJson(end)))
                        .collect().last())
                .replaceWithVoid();
    }

    private static Map<Integer, Long> on(Map<String, Map<Integer, Long>> committed, Topic topic) {
        return committed.getOrDefault(topic.topicName(), Map.of());
    }

    private Uni<Void> sealIfPassed(String sessionId, Map<Integer, Long> eventsEnd) {
        return progress.events().passed(eventsEnd)
                .chain(eventsIn -> eventsIn ? seal(sessionId) : Uni.createFrom().voidItem());
    }

    /** Sealed: counts, duration and outcome from the catalog rows; immutable from here on. */
    Uni<Void> seal(String sessionId) {
        Instant sealedAt = SessionCommandService.now();
        return pool.withTransaction(tx -> sessions.lock(tx, sessionId).chain(found -> {
            if (found.isEmpty() || found.get().status() != SessionStatus.stopped) {
                return Uni.createFrom().<Outcome>nullItem();
            }
            return sessions.sealFacts(tx, sessionId)
                    .chain(facts -> sessions.seal(tx, sessionId, facts, outcome(facts), sealedAt))
                    .call(sealed -> delivery.enqueueLifecycle(tx, SessionStatus.stopped, Snapshots.of(sealed), sealedAt))
                    .map(sealed -> Outcome.valueOf(sealed.outcome())); // abandoned if the idle timeout stopped it
        })).chain(outcome -> {
            if (outcome == null) {
                return Uni.createFrom().voidItem();
            }
            metrics.counter("nusomi.sealer.sessions.sealed", "outcome", outcome.name()).increment();
            try (var l = LogFields.with(LogFields.SESSION_ID, sessionId)) {
                LOG.infof("sealed: %s", outcome);
            }
            return delivery.flushLifecycle(sessionId);
        });
    }

    /** The last success/error event by (t_ms, id) decides; without one the session was abandoned. */
    static Outcome outcome(SealFacts facts) {
        return facts.lastMarker().map(type -> EventType.valueOf(type) == EventType.success ? Outcome.success : Outcome.error)
                .orElse(Outcome.abandoned);
    }

    /**
     * Stops recordings without a new frame or event for the idle timeout (frames or not); the seal rounds finish them,
     * as {@code abandoned}. The clock is {@code sessions.updated_at}, moved by every projected frame and event, so it
     * survives a restart; and it is judged only once the catalog has caught up with everything on the topics now
     * (frames, signals through the extractor, events), so that after an outage the backlog refreshes it first.
     */
    public Uni<Void> stopIdle() {
        return commands.stopWatermark().chain(watermark -> caughtUp(watermark).chain(caughtUp -> {
            if (!caughtUp) {
                LOG.debugf("idle round skipped: the catalog is still catching up");
                return Uni.createFrom().voidItem();
            }
            Instant cutoff = SessionCommandService.now().minus(config.idleTimeout());
            return sessions.idleRecordings(pool, cutoff)
                    .chain(ids -> Multi.createFrom().iterable(ids)
                            .onItem().transformToUniAndConcatenate(id -> stopIdle(id, cutoff, watermark))
                            .collect().last())
                    .replaceWithVoid();
        }));
    }

    /** The projection has passed {@code now} on frames, the extractor on frames and signals, then the events projection. */
    private Uni<Boolean> caughtUp(Watermark now) {
        return progress.frames().passed(now.frames()).chain(framesIn -> !framesIn
                ? Uni.createFrom().item(false)
                : offsets.committedOffsets(config.extractorGroup())
                        .chain(committed -> !Watermark.reached(now.frames(), on(committed, Topic.CAPTURE_FRAMES))
                                        || !Watermark.reached(now.signals(), on(committed, Topic.CAPTURE_SIGNALS))
                                ? Uni.createFrom().item(false)
                                : offsets.endOffsets(Topic.EVENTS.topicName(), IsolationLevel.READ_COMMITTED)
                                        .chain(eventsEnd -> progress.events().passed(eventsEnd))));
    }

    private Uni<Void> stopIdle(String sessionId, Instant cutoff, Watermark watermark) {
        Instant now = SessionCommandService.now();
        return pool.withTransaction(tx -> sessions.lock(tx, sessionId)
                .chain(found -> {
                    if (found.isEmpty() || found.get().status() != SessionStatus.recording
                            || !found.get().updatedAt().isBefore(cutoff)) {
                        return Uni.createFrom().item(false);
                    }
                    return sessions.stopIdle(tx, sessionId, now, watermark.toJson())
                            .chain(stopped -> delivery.enqueueLifecycle(tx, SessionStatus.recording, Snapshots.of(stopped), now))
                            .replaceWith(true);
                }))
                .chain(stopped -> {
                    if (!stopped) {
                        return Uni.createFrom().voidItem();
                    }
                    try (var l = LogFields.with(LogFields.SESSION_ID, sessionId)) {
                        LOG.infof("stopped after %s without frames or events", config.idleTimeout());
                    }
                    return delivery.flushLifecycle(sessionId);
                });
    }

    /** Relays undelivered transitions and forgets replies no command can be redelivered for any more. */
    public Uni<Void> housekeeping() {
        Instant now = SessionCommandService.now();
        return delivery.relayStale(now.minus(OUTBOX_GRACE))
                .chain(() -> deliveries.pruneReplies(pool, now.minus(Topic.SESSION_COMMANDS.retention())))
                .replaceWithVoid();
    }

    /**
     * Broker reads shared by all sessions of one round, each made at most once and only when needed; and the sessions
     * whose lifecycle end is recorded after the round's checks ({@link #recordLifecycle}).
     */
    private final class Round {
        /** The extractor's committed offsets on frames, signals and lifecycle, read once before any events end. */
        private final Uni<Map<String, Map<Integer, Long>>> extractorCommitted = offsets
                .committedOffsets(config.extractorGroup()).memoize().indefinitely();
        private final Uni<Map<Integer, Long>> eventsEnd = offsets
                .endOffsets(Topic.EVENTS.topicName(), IsolationLevel.READ_COMMITTED).memoize().indefinitely();
        private final List<String> lifecycleDue = new ArrayList<>();

        Uni<Map<String, Map<Integer, Long>>> extractorCommitted() {
            return extractorCommitted;
        }

        Uni<Map<Integer, Long>> eventsEnd() {
            return eventsEnd;
        }
    }
}
