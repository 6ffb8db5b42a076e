package com.nusomi.devstack.launch;

import java.time.Duration;

/**
 * When to start a service again after it exited: exponential backoff ({@code initial}, 2×, 4× … capped at
 * {@code max}) over consecutive failures; a run that lasted {@code stableAfter} counts as healthy and resets it.
 */
public record RestartPolicy(Duration initial, Duration max, Duration stableAfter) {
    /** 1 s, 2 s, 4 s … 30 s; a minute of running forgives earlier crashes. */
    public static final RestartPolicy DEFAULT = new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofSeconds(60));

    public RestartPolicy {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || stableAfter.isNegative()) {
            throw new IllegalArgumentException("need 0 < initial <= max and stableAfter >= 0");
        }
    }

    /** The failure count after an exit that followed {@code uptime} of running, given {@code previous} failures. */
    public int failuresAfterExit(int previous, Duration uptime) {
        return uptime.compareTo(stableAfter) >= 0 ? 1 : previous + 1;
    }

    /** The wait before the next start after {@code failures} consecutive failures (1 = the first). */
    public Duration backoff(int failures) {
        if (failures <= 1) {
            return initial;
        }
        int doublings = Math.min(failures - 1, 30);
        Duration d = initial.multipliedBy(1L << doublings);
        return d.compareTo(max) > 0 ? max : d;
    }
}
