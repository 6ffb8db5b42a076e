package com.nusomi.captureagent.record;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Orders raw signals from every tab into one session sequence: a signal waits {@code holdBackMs} so one from another
 * tab with an earlier t_ms can still pass it, then gets the next {@code seq}. t_ms never goes backwards on the way out
 * (a signal later than the hold-back is moved up to the last t_ms sent), as capture-ingest requires.
 */
public final class SignalQueue {
    /** Signals kept unsent at most (a few hundred bytes each) while capture-ingest is unreachable; later ones are dropped. */
    public static final int MAX_UNSENT = 100_000;
    private final long holdBackMs;
    private final int maxUnsent;
    private long dropped;
    private final PriorityQueue<Pending> waiting = new PriorityQueue<>(Comparator.comparingLong(Pending::tMs).thenComparingLong(Pending::arrival));
    private final List<ObjectNode> ready = new ArrayList<>();
    private long arrivals;
    private long nextSeq;
    private long lastTMs;

    public SignalQueue(long holdBackMs) {
        this(holdBackMs, MAX_UNSENT);
    }

    public SignalQueue(long holdBackMs, int maxUnsent) {
        this.holdBackMs = holdBackMs;
        this.maxUnsent = maxUnsent;
    }

    private record Pending(long tMs, long arrival, ObjectNode signal) {}

    /**
     * Adds a signal (its fields, without seq) observed at {@code tMs}; false when {@code maxUnsent} signals already wait
     * (dropped before it is numbered, so the session's seq stays without gap).
     */
    public synchronized boolean add(long tMs, ObjectNode signal) {
        if (waiting.size() + ready.size() >= maxUnsent) {
            if (dropped++ % 1000 == 0) {
                System.err.println("nusomi record: " + maxUnsent + " signals wait to be sent (capture-ingest is unreachable): "
                        + "new signals are dropped until it answers (" + dropped + " so far)");
            }
            return false;
        }
        waiting.add(new Pending(tMs, arrivals++, signal));
        return true;
    }

    public synchronized long dropped() {
        return dropped;
    }

    /** Moves every signal older than the hold-back (all of them when {@code flush}) to the ready list, numbering them. */
    public synchronized void release(long nowTMs, boolean flush) {
        while (!waiting.isEmpty() && (flush || waiting.peek().tMs() <= nowTMs - holdBackMs)) {
            Pending p = waiting.poll();
            long tMs = Math.max(p.tMs(), lastTMs);
            lastTMs = tMs;
            ready.add(p.signal().put("seq", nextSeq++).put("t_ms", tMs));
        }
    }

    /** Up to {@code max} numbered signals, oldest first, still held until {@link #acknowledge(int)}. */
    public synchronized ArrayNode peek(int max) {
        ArrayNode batch = JsonNodeFactory.instance.arrayNode();
        ready.stream().limit(max).forEach(batch::add);
        return batch;
    }

    /** Drops the first {@code count} ready signals: capture-ingest stored them. */
    public synchronized void acknowledge(int count) {
        ready.subList(0, count).clear();
    }

    public synchronized boolean isEmpty() {
        return waiting.isEmpty() && ready.isEmpty();
    }

    public synchronized long sent() {
        return nextSeq;
    }
}
