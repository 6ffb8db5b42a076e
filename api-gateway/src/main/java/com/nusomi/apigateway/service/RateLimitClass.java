package com.nusomi.apigateway.service;

import com.nusomi.apigateway.config.GatewayConfig;
import java.util.regex.Pattern;

/** Which SPEC §4 limit a request counts against. */
public enum RateLimitClass {
    CREATE_SESSION,
    /** Counted in events: a batch of 100 costs 100 tokens. */
    EMIT_EVENTS,
    /** Counted in requests (each ≤ 50 frames). */
    FRAME_UPLOAD,
    READ,
    /** Writes SPEC gives no own limit: start, stop, delete, tags, keys, webhooks, masking rules, workspaces. */
    WRITE,
    /** Per key and, in a second bucket, per workspace; per minute. */
    EXPORT;

    private static final Pattern EMIT = Pattern.compile("^/v1/sessions/[^/]+/events/?$");
    private static final Pattern FRAMES = Pattern.compile("^/v1/sessions/[^/]+/frames/?$");

    public static RateLimitClass of(String method, String path) {
        if (method.equals("GET") || method.equals("HEAD")) {
            return READ;
        }
        if (method.equals("POST")) {
            if (path.equals("/v1/sessions") || path.equals("/v1/sessions/")) {
                return CREATE_SESSION;
            }
            if (path.equals("/v1/exports") || path.equals("/v1/exports/")) {
                return EXPORT;
            }
            if (EMIT.matcher(path).matches()) {
                return EMIT_EVENTS;
            }
            if (FRAMES.matcher(path).matches()) {
                return FRAME_UPLOAD;
            }
        }
        return WRITE;
    }

    /** Tokens per second for one key (the whole installation's rate when one instance runs). */
    double perSecond(GatewayConfig.RateLimit config) {
        return switch (this) {
            case CREATE_SESSION -> config.createSessionPerSecond();
            case EMIT_EVENTS -> config.emitEventsPerSecond();
            case FRAME_UPLOAD -> config.frameUploadPerSecond();
            case READ -> config.readsPerSecond();
            case WRITE -> config.writesPerSecond();
            case EXPORT -> config.exportsPerKeyPerMinute() / 60.0;
        };
    }

    /** The rate as the SPEC states it, for the {@code X-RateLimit-*} window: per minute for exports, else per second. */
    long windowSeconds() {
        return this == EXPORT ? 60 : 1;
    }
}
