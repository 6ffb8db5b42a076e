package com.nusomi.sessionsealer.service;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Keeps work on a duplicated Vert.x context. Quarkus keeps the MDC (our {@code session_id} log field) in the
 * duplicated context's locals, so work started from a timer or a plain thread, or resumed on a broker or worker
 * thread, would otherwise log without it (and run its database calls on another context).
 */
public final class LogContexts {
    private LogContexts() {}

    /** Subscribes {@code work} on a fresh duplicated context of {@code vertx}. */
    public static <T> Uni<T> onNewContext(Vertx vertx, Supplier<Uni<T>> work) {
        var context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        return Uni.createFrom().<T>deferred(() -> work.get()).runSubscriptionOn(on(context));
    }

    /**
     * Where to resume after leaving the caller's context: the caller's Vert.x context if it has one, else a worker.
     * Call it while assembling, on the caller's thread.
     */
    public static Executor callerContext() {
        Context context = Vertx.currentContext();
        return context == null ? Infrastructure.getDefaultWorkerPool() : on(context);
    }

    private static Executor on(Context context) {
        return task -> context.runOnContext(ignored -> task.run());
    }
}
