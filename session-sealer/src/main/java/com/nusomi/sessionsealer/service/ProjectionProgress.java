package com.nusomi.sessionsealer.service;

import com.nusomi.sessionsealer.client.KafkaOffsets;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * How far one projection (frames or events) has processed, per partition: the consumer position after the records
 * before it were written to PostgreSQL (positions step over transaction markers, record offsets do not). Partitions
 * this instance does not own are judged by the projection group's committed offsets, which it commits after each batch.
 */
public final class ProjectionProgress {
    private final String topic;
    private final String group;
    private final KafkaOffsets offsets;
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Waiter> waiters = new CopyOnWriteArrayList<>();

    public ProjectionProgress(String topic, String group, KafkaOffsets offsets) {
        this.topic = topic;
        this.group = group;
        this.offsets = offsets;
    }

    public String topic() {
        return topic;
    }

    public String group() {
        return group;
    }

    /** Called by the projection after a batch was processed (or at assignment) with its consumer position. */
    public void advanced(int partition, long position) {
        positions.put(partition, position);
    }

    public void revoked(int partition) {
        positions.remove(partition);
    }

    /** Wakes the waiters that the local positions now satisfy; called by the projection after each batch. */
    public void signal() {
        for (Waiter w : waiters) {
            if (passedLocally(w.targets).orElse(false)) {
                complete(w);
            }
        }
    }

    /** True/false when the local positions decide; empty when a partition with a target is owned elsewhere. */
    public Optional<Boolean> passedLocally(Map<Integer, Long> targets) {
        boolean unknown = false;
        for (var t : targets.entrySet()) {
            if (t.getValue() <= 0) {
                continue;
            }
            Long position = positions.get(t.getKey());
            if (position == null) {
                unknown = true;
            } else if (position < t.getValue()) {
                return Optional.of(false);
            }
        }
        return unknown ? Optional.empty() : Optional.of(true);
    }

    /** Whether the projection has processed everything below {@code targets}, asking the broker when needed. */
    public Uni<Boolean> passed(Map<Integer, Long> targets) {
        var local = passedLocally(targets);
        if (local.isPresent()) {
            return Uni.createFrom().item(local.get());
        }
        return offsets.committedOffsets(group, topic).map(committed -> {
            var best = new java.util.HashMap<>(committed);
            positions.forEach((p, pos) -> best.merge(p, pos, Math::max));
            return Watermark.reached(targets, best);
        });
    }

    /** Completes once the projection has processed everything below {@code targets}; no polling on the local path. */
    public Uni<Void> await(Map<Integer, Long> targets) {
        if (passedLocally(targets).orElse(false)) {
            return Uni.createFrom().voidItem();
        }
        var caller = LogContexts.callerContext();
        var waiter = new Waiter(Map.copyOf(targets), new CompletableFuture<>());
        waiters.add(waiter);
        signal(); // the projection may have advanced between the check and the registration
        return Uni.createFrom().completionStage(waiter.done).emitOn(caller);
    }

    /** Re-judges waiters that need the broker's view (partitions owned by another instance). */
    public Uni<Void> recheckWaiters() {
        var remote = waiters.stream().filter(w -> passedLocally(w.targets).isEmpty()).toList();
        if (remote.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return offsets.committedOffsets(group, topic).invoke(committed -> {
            var best = new java.util.HashMap<>(committed);
            positions.forEach((p, pos) -> best.merge(p, pos, Math::max));
            remote.stream().filter(w -> Watermark.reached(w.targets, best)).forEach(this::complete);
        }).replaceWithVoid();
    }

    private void complete(Waiter w) {
        if (waiters.remove(w)) {
            w.done.complete(null);
        }
    }

    private record Waiter(Map<Integer, Long> targets, CompletableFuture<Void> done) {}
}
