package com.nusomi.sdk;

import java.time.Duration;

/** How the SDK waits between retries; tests record the waits instead of sleeping. */
@FunctionalInterface
interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
