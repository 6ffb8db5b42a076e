package com.nusomi.kit.retry;

import com.nusomi.kit.kafka.PoisonRecordException;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * How work that failed for a reason that may pass (database, broker, store, registry) is retried: exponential backoff
 * from {@link #initialBackoff()} up to {@link #maxBackoff()}, {@link #maxAttempts()} attempts in all. Usable as a
 * nested {@code @ConfigMapping} group ({@code max-attempts}, {@code initial-backoff}, {@code max-backoff}) or built
 * with {@link #of}. Poison never passes, so it is never retried.
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

    record Fixed(int maxAttempts, Duration initialBackoff, Duration maxBackoff) implements RetryPolicy {}
}
