package com.nusomi.kit.retry;

import com.nusomi.kit.kafka.PoisonRecordException;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * How work that failed for a reason that may pass (database, broker, store, registry) is retried: exponential backoff
 * from {@link #initialBackoff()} up to {@link #maxBackoff()}, {@link #maxAttempts()} attempts in all. Usable as a
 * nested {@code @ConfigMapping} group ({@code max-attempts}, {@code initial-backoff}, {@code max-backoff}) or built
 * with {@link #of}. Reactive work goes through {@link #retrying}; a loop on a thread of its own (a hand-built consumer)
 * asks {@link #backoff} for its wait and {@link #retriesAfter} whether to go on. Poison never passes, so it is never
 * retried.
 */
public interface RetryPolicy {
    /** Attempts in all, the first included; {@link #UNBOUNDED} retries until the work succeeds. */
    int maxAttempts();

    Duration initialBackoff();

    Duration maxBackoff();

    int UNBOUNDED = Integer.MAX_VALUE;

    static RetryPolicy of(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        return new Fixed(maxAttempts, initialBackoff, maxBackoff);
    }

    /** Retries until it succeeds: for a consumer that must hold its partition rather than skip a record. */
    static RetryPolicy forever(Duration initialBackoff, Duration maxBackoff) {
        return of(UNBOUNDED, initialBackoff, maxBackoff);
    }

    /** {@code work} retried on any failure but poison. */
    default <T> Uni<T> retrying(Uni<T> work) {
        return retrying(work, failure -> !(failure instanceof PoisonRecordException));
    }

    /** {@code work} retried on the failures {@code mayPass} accepts; the last failure propagates. */
    default <T> Uni<T> retrying(Uni<T> work, Predicate<Throwable> mayPass) {
        var retry = work.onFailure(mayPass).retry().withBackOff(initialBackoff(), maxBackoff());
        return maxAttempts() == UNBOUNDED ? retry.indefinitely() : retry.atMost(Math.max(1, maxAttempts() - 1L));
    }

    /**
     * The wait before retry number {@code retry} (1 for the first): {@link #initialBackoff()} doubled per retry, capped
     * at {@link #maxBackoff()}. (The reactive {@link #retrying} adds Mutiny's jitter to the same schedule.)
     */
    default Duration backoff(int retry) {
        long max = maxBackoff().toMillis();
        long wait = Math.min(initialBackoff().toMillis(), max);
        for (int i = 1; i < retry && wait < max; i++) {
            wait = Math.min(max, Math.max(1, wait) * 2);
        }
        return Duration.ofMillis(wait);
    }

    /** Whether attempt number {@code attempt} (1 for the first), having failed for a reason that may pass, is retried. */
    default boolean retriesAfter(int attempt) {
        return maxAttempts() == UNBOUNDED || attempt < maxAttempts();
    }

    record Fixed(int maxAttempts, Duration initialBackoff, Duration maxBackoff) implements RetryPolicy {}
}
