package com.nusomi.devstack.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a real readiness probe until it answers; never a fixed sleep. */
public final class Await {
    private Await() {}

    /**
     * Calls {@code probe} every {@code interval} until it returns a non-null value without throwing.
     *
     * @param gaveUp   checked before each attempt: when true the wait fails at once (e.g. the process died)
     * @param context  extra text for the failure message (e.g. the tail of a log)
     */
    public static <T> T until(String what, Duration timeout, Duration interval, Callable<T> probe,
                              BooleanSupplier gaveUp, Supplier<String> context) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            if (gaveUp.getAsBoolean()) {
                throw new IllegalStateException(what + ": gave up" + detail(last, context));
            }
            try {
                T value = probe.call();
                if (value != null) {
                    return value;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(what + ": interrupted", e);
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": not ready after " + timeout.toSeconds() + " s"
                        + detail(last, context), last);
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(what + ": interrupted", e);
            }
        }
    }

    public static <T> T until(String what, Duration timeout, Callable<T> probe) {
        return until(what, timeout, Duration.ofMillis(100), probe, () -> false, () -> "");
    }

    private static String detail(Exception last, Supplier<String> context) {
        String extra = context.get();
        return (last == null ? "" : " (last error: " + last + ")") + (extra == null || extra.isEmpty() ? "" : "\n" + extra);
    }
}
