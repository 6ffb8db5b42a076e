package com.nusomi.contracts;

/** HTTP and Kafka header names shared between services. */
public final class Headers {
    private Headers() {}

    public static final String REQUEST_ID = "X-Request-Id";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Set by the gateway on calls to internal services: the authenticated workspace. */
    public static final String WORKSPACE_ID = "X-Nusomi-Workspace";

    /** On every webhook request: {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>} (SPEC §7). */
    public static final String WEBHOOK_SIGNATURE = "Nusomi-Signature";
    /** On every webhook request: the delivery's id, the same on every attempt of it. */
    public static final String WEBHOOK_DELIVERY_ID = "Nusomi-Delivery-Id";
}
