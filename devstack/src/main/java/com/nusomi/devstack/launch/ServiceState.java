package com.nusomi.devstack.launch;

import java.util.Locale;

/** Where a supervised service is in its life, as {@code ./nusomi status} shows it. */
public enum ServiceState {
    /** Spawned, not ready yet. */
    STARTING,
    /** {@code /q/health/ready} answered 200. */
    UP,
    /** Exited unexpectedly; waiting out its backoff before the next start. */
    RESTARTING,
    /** Stopped (the platform is shutting down). */
    DOWN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
