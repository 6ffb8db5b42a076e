package com.nusomi.apigateway.stream;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * One stream's frames on their way to the client. A drain (on the stream's event loop) writes every queued frame as
 * ONE chunk; while the response's write queue is full, frames wait here, and when the oldest waited longer than
 * {@code maxLag} (or too many wait) they are dropped, replaced by {@code : dropped N}, and the stream goes on with what
 * arrives next (SPEC §5). Frames are the wire bytes, shared by every stream that sends them (never modified). Offers
 * may come from any thread; drains run on {@code executor}, one at a time.
 */
public final class SseOutbox {
    private record Queued(byte[] frame, long at, boolean event) {}

    private final SseSink sink;
    private final Executor executor;
    private final LongSupplier nanoClock;
    private final long maxLagNanos;
    private final int maxQueued;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private boolean scheduled;
    private boolean ending;
    private boolean closed;
    private long dropped;
    private CompletableFuture<Void> roomWaiter;
    private int roomBelow;

    public SseOutbox(SseSink sink, Executor executor, LongSupplier nanoClock, long maxLagNanos, int maxQueued) {
        this.sink = sink;
        this.executor = executor;
        this.nanoClock = nanoClock;
        this.maxLagNanos = maxLagNanos;
        this.maxQueued = maxQueued;
    }

    /** An event frame: counted when dropped. */
    public void offer(byte[] frame) {
        enqueue(frame, true);
    }

    /** A frame that is not an event (keepalive comment); skipped while frames wait, they keep the stream busy anyway. */
    public void offerComment(byte[] frame) {
        enqueue(frame, false);
    }

    /** A frame that must not be skipped nor counted ({@code : dropped N} for events lost before the stream went live). */
    public void offerNotice(byte[] frame) {
        synchronized (this) {
            if (closed || ending) {
                return;
            }
            queue.add(new Queued(frame, nanoClock.getAsLong(), false));
        }
        schedule();
    }

    /** Sends what is queued, then {@code last}, then ends the response. Later offers are ignored. */
    public void end(byte[] last) {
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

    private void enqueue(byte[] frame, boolean event) {
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
                queue.add(new Queued(SseFrames.comment("dropped " + n), now, false));
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

    /** Writes everything queued as one chunk, unless the socket is still busy with earlier writes. */
    private void drain() {
        while (true) {
            byte[][] frames;
            boolean complete;
            boolean busy = false;
            CompletableFuture<Void> room = null;
            synchronized (this) {
                if (closed || sink.closed()) {
                    scheduled = false;
                    return;
                }
                if (queue.isEmpty() && !ending) {
                    scheduled = false;
                    return;
                }
                if (!queue.isEmpty() && sink.writeQueueFull()) {
                    scheduled = false;
                    busy = true;
                    frames = null;
                    complete = false;
                } else {
                    frames = new byte[queue.size()][];
                    for (int i = 0; i < frames.length; i++) {
                        frames[i] = queue.poll().frame();
                    }
                    complete = ending;
                    if (complete) {
                        closed = true;
                    }
                    if (roomWaiter != null) {
                        room = roomWaiter;
                        roomWaiter = null;
                    }
                }
            }
            if (busy) {
                sink.onDrain(this::schedule);
                return;
            }
            if (frames.length > 0) {
                // wraps the shared frames without copying them; Netty writes them with one gathering write
                sink.write(Buffer.buffer(Unpooled.wrappedBuffer(frames)));
            }
            if (room != null) {
                room.complete(null);
            }
            if (complete) {
                sink.end();
                return;
            }
        }
    }
}
