package com.nusomi.apigateway.stream;

import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One stream's frames on their way to the client. Frames are emitted only as the HTTP layer asks for them (Quarkus
 * requests the next once the previous is written), so a slow reader leaves them queued here; when the oldest waited
 * longer than {@code maxLag} (or too many wait) they are dropped, replaced by {@code : dropped N}, and the stream goes
 * on with what arrives next (SPEC §5). Offers may come from any thread; emits run on {@code executor}, one at a time.
 */
public final class SseOutbox {
    private record Queued(OutboundSseEvent frame, long at, boolean event) {}

    private final MultiEmitter<? super OutboundSseEvent> emitter;
    private final Executor executor;
    private final LongSupplier nanoClock;
    private final long maxLagNanos;
    private final int maxQueued;
    private final Function<String, OutboundSseEvent> comment;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private boolean scheduled;
    private boolean ending;
    private boolean closed;
    private long dropped;
    private CompletableFuture<Void> roomWaiter;
    private int roomBelow;

    public SseOutbox(MultiEmitter<? super OutboundSseEvent> emitter, Executor executor, LongSupplier nanoClock,
                     long maxLagNanos, int maxQueued, Function<String, OutboundSseEvent> comment) {
        this.emitter = emitter;
        this.executor = executor;
        this.nanoClock = nanoClock;
        this.maxLagNanos = maxLagNanos;
        this.maxQueued = maxQueued;
        this.comment = comment;
        emitter.onRequest(n -> schedule());
    }

    /** An event frame: counted when dropped. */
    public void offer(OutboundSseEvent frame) {
        enqueue(frame, true);
    }

    /** A frame that is not an event (keepalive comment); skipped while frames wait, they keep the stream busy anyway. */
    public void offerComment(OutboundSseEvent frame) {
        enqueue(frame, false);
    }

    /** A frame that must not be skipped nor counted ({@code : dropped N} for events lost before the stream went live). */
    public void offerNotice(OutboundSseEvent frame) {
        synchronized (this) {
            if (closed || ending) {
                return;
            }
            queue.add(new Queued(frame, nanoClock.getAsLong(), false));
        }
        schedule();
    }

    /** Sends what is queued, then {@code last}, then ends the response. Later offers are ignored. */
    public void end(OutboundSseEvent last) {
        synchronized (this) {
            if (closed || ending) {
                return;
            }
            queue.add(new Queued(last, nanoClock.getAsLong(), false));
            ending = true;
        }
        schedule();
    }

    /** Completes once fewer than {@code below} frames are queued (replay pages wait on it, so they do not pile up). */
    public synchronized CompletableFuture<Void> room(int below) {
        if (closed || queue.size() < below) {
            return CompletableFuture.completedFuture(null);
        }
        roomBelow = below;
        roomWaiter = new CompletableFuture<>();
        return roomWaiter;
    }

    /** Frames dropped so far because the reader was behind. */
    public synchronized long dropped() {
        return dropped;
    }

    /** The client went away: nothing more is sent. */
    public void close() {
        CompletableFuture<Void> waiter;
        synchronized (this) {
            closed = true;
            queue.clear();
            waiter = roomWaiter;
            roomWaiter = null;
        }
        if (waiter != null) {
            waiter.complete(null);
        }
    }

    private void enqueue(OutboundSseEvent frame, boolean event) {
        synchronized (this) {
            if (closed || ending) {
                return;
            }
            long now = nanoClock.getAsLong();
            Queued oldest = queue.peek();
            if (oldest != null && (now - oldest.at() > maxLagNanos || queue.size() >= maxQueued)) {
                long n = queue.stream().filter(Queued::event).count();
                queue.clear();
                dropped += n;
                queue.add(new Queued(comment.apply("dropped " + n), now, false));
            }
            if (event || queue.isEmpty()) {
                queue.add(new Queued(frame, now, event));
            }
        }
        schedule();
    }

    private void schedule() {
        synchronized (this) {
            if (scheduled || closed) {
                return;
            }
            scheduled = true;
        }
        executor.execute(this::drain);
    }

    private void drain() {
        while (true) {
            OutboundSseEvent next;
            boolean complete = false;
            CompletableFuture<Void> room = null;
            synchronized (this) {
                if (closed || emitter.isCancelled()) {
                    scheduled = false;
                    return;
                }
                if (queue.isEmpty() && ending) {
                    closed = true;
                    complete = true;
                    next = null;
                } else if (queue.isEmpty() || emitter.requested() <= 0) {
                    scheduled = false;
                    return;
                } else {
                    next = queue.poll().frame();
                    if (roomWaiter != null && queue.size() < roomBelow) {
                        room = roomWaiter;
                        roomWaiter = null;
                    }
                }
            }
            if (complete) {
                emitter.complete();
                return;
            }
            emitter.emit(next);
            if (room != null) {
                room.complete(null);
            }
        }
    }
}
