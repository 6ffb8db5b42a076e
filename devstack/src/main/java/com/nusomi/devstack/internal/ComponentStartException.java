package com.nusomi.devstack.internal;

import java.nio.file.Path;

/** One infrastructure component did not start from its data directory (whose damage is one possible cause). */
public final class ComponentStartException extends IllegalStateException {
    private final String component;
    private final Path dataDir;
    private final Path log;

    /** @param log where the component wrote why, or null when it logs into this JVM */
    public ComponentStartException(String component, Path dataDir, Path log, Throwable cause) {
        super(component + " did not start from " + dataDir + ": " + cause.getMessage(), cause);
        this.component = component;
        this.dataDir = dataDir;
        this.log = log;
    }

    public String component() {
        return component;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path log() {
        return log;
    }
}
