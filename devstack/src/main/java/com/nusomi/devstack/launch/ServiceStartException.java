package com.nusomi.devstack.launch;

import java.io.IOException;
import java.nio.file.Path;

/** A service child that died or never became ready during the start; its log says why. */
public final class ServiceStartException extends IOException {
    private final String service;
    private final Path log;

    public ServiceStartException(String service, Path log, String message) {
        super(message);
        this.service = service;
        this.log = log;
    }

    public String service() {
        return service;
    }

    public Path log() {
        return log;
    }
}
