package com.nusomi.devstack.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    private final RestartPolicy policy = RestartPolicy.DEFAULT;

    @Test
    void backoffDoublesFromOneSecondAndStopsAtThirty() {
        assertEquals(Duration.ofSeconds(1), policy.backoff(1));
        assertEquals(Duration.ofSeconds(2), policy.backoff(2));
        assertEquals(Duration.ofSeconds(4), policy.backoff(3));
        assertEquals(Duration.ofSeconds(8), policy.backoff(4));
        assertEquals(Duration.ofSeconds(16), policy.backoff(5));
        assertEquals(Duration.ofSeconds(30), policy.backoff(6));
        assertEquals(Duration.ofSeconds(30), policy.backoff(1_000));
    }

    @Test
    void quickCrashesCountUpAndAStableRunStartsOver() {
        int failures = policy.failuresAfterExit(0, Duration.ofSeconds(3));
        assertEquals(1, failures);
        failures = policy.failuresAfterExit(failures, Duration.ofSeconds(2));
        assertEquals(2, failures);
        failures = policy.failuresAfterExit(failures, Duration.ofSeconds(59));
        assertEquals(3, failures);
        assertEquals(Duration.ofSeconds(4), policy.backoff(failures));
        // a minute of running forgives what came before: the next wait is the first one again
        failures = policy.failuresAfterExit(failures, Duration.ofSeconds(60));
        assertEquals(1, failures);
        assertEquals(Duration.ofSeconds(1), policy.backoff(failures));
    }

    @Test
    void refusesAPolicyThatCouldSpinOrShrink() {
        assertThrows(IllegalArgumentException.class,
                () -> new RestartPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new RestartPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }
}
