package com.nusomi.kit.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nusomi.kit.kafka.PoisonRecordException;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Duration SHORT = Duration.ofMillis(1);

    @Test
    void aFailureThatMayPassIsTriedMaxAttemptsTimesInAll() {
        var attempts = new AtomicInteger();
        Uni<String> failing = Uni.createFrom().item(() -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("database down");
        });
        var policy = RetryPolicy.of(3, SHORT, SHORT);
        assertThrows(IllegalStateException.class, () -> policy.retrying(failing).await().indefinitely());
        assertEquals(3, attempts.get());
    }

    @Test
    void workThatRecoversSucceeds() {
        var attempts = new AtomicInteger();
        Uni<String> flaky = Uni.createFrom().item(() -> {
            if (attempts.incrementAndGet() < 4) {
                throw new IllegalStateException("broker restarting");
            }
            return "done";
        });
        assertEquals("done", RetryPolicy.forever(SHORT, SHORT).retrying(flaky).await().indefinitely());
        assertEquals(4, attempts.get());
    }

    @Test
    void poisonIsNeverRetried() {
        var attempts = new AtomicInteger();
        Uni<String> poison = Uni.createFrom().item(() -> {
            attempts.incrementAndGet();
            throw new PoisonRecordException("not an Event");
        });
        assertThrows(PoisonRecordException.class,
                () -> RetryPolicy.forever(SHORT, SHORT).retrying(poison).await().indefinitely());
        assertEquals(1, attempts.get());
    }

    @Test
    void aBlockingLoopWaitsTheSameDoublingScheduleUpToTheMaximum() {
        var policy = RetryPolicy.forever(Duration.ofMillis(200), Duration.ofSeconds(5));
        assertEquals(Duration.ofMillis(200), policy.backoff(1));
        assertEquals(Duration.ofMillis(400), policy.backoff(2));
        assertEquals(Duration.ofMillis(3200), policy.backoff(5));
        assertEquals(Duration.ofSeconds(5), policy.backoff(6));
        assertEquals(Duration.ofSeconds(5), policy.backoff(Integer.MAX_VALUE));
        assertEquals(true, policy.retriesAfter(1_000_000));
    }

    @Test
    void aBoundedPolicyStopsAfterMaxAttempts() {
        var policy = RetryPolicy.of(3, Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertEquals(true, policy.retriesAfter(1));
        assertEquals(true, policy.retriesAfter(2));
        assertEquals(false, policy.retriesAfter(3));
        assertEquals(Duration.ofSeconds(2), policy.backoff(3));
    }
}
