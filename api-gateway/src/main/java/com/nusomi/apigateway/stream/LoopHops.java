package com.nusomi.apigateway.stream;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.impl.ContextInternal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Hands stream work to the event loop of each stream's connection, in as few hops as possible. Inside
 * {@link #batched} (the live feed dispatching one poll batch) the work of every stream is held and then handed over in
 * one task per event loop, instead of one {@code runOnContext} per frame and stream: with 500 streams on two event
 * loops that per-frame hop was the fan-out's main cost. Work submitted on its own event loop still runs as a task of
 * its own, never inside the caller: callers hold their stream's lock, and a drain that ends the response releases the
 * stream's subscription, which takes the feed's lock (the feed thread takes the two the other way round).
 */
public final class LoopHops {
    private static final Logger LOG = Logger.getLogger(LoopHops.class);
    private static final ThreadLocal<Map<EventLoop, List<Task>>> HELD = new ThreadLocal<>();

    private record Task(ContextInternal context, Runnable work) {
        void run() {
            try {
                context.emit(v -> work.run());
            } catch (RuntimeException e) {
                LOG.warnf(e, "stream work failed on its event loop");
            }
        }
    }

    private LoopHops() {}

    /** Runs on {@code context} (a request's context: the stream's connection and event loop). */
    public static Executor on(Context context) {
        ContextInternal ctx = (ContextInternal) context;
        return work -> submit(new Task(ctx, work));
    }

    /** Runs {@code dispatch}, then hands what it submitted over in one hop per event loop (in submission order). */
    public static void batched(Runnable dispatch) {
        if (HELD.get() != null) {
            dispatch.run();
            return;
        }
        Map<EventLoop, List<Task>> held = new LinkedHashMap<>();
        HELD.set(held);
        try {
            dispatch.run();
        } finally {
            HELD.remove();
            held.forEach((loop, tasks) -> loop.execute(() -> tasks.forEach(Task::run)));
        }
    }

    private static void submit(Task task) {
        EventLoop loop = task.context().nettyEventLoop();
        Map<EventLoop, List<Task>> held = HELD.get();
        if (held != null) {
            held.computeIfAbsent(loop, l -> new ArrayList<>()).add(task);
        } else {
            loop.execute(task::run);
        }
    }
}
