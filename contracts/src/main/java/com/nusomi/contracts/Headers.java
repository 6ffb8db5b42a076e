package com.nusomi.contracts;

/** HTTP and Kafka header names shared between services. */
public final class Headers {
    private Headers() {}

    public static final String REQUEST_ID = "X-Request-Id";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Set by the gateway on calls to internal services: the authenticated workspace. */
    public static final String WORKSPACE_ID = "X-Nusomi-Workspace";
}
