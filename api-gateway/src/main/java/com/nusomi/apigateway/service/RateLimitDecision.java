package com.nusomi.apigateway.service;

/**
 * A bucket's answer, as the {@code X-RateLimit-*} headers show it: {@code limit} the burst capacity (2× the per-second
 * or per-minute rate), {@code remaining} whole tokens left, {@code resetSeconds} until the bucket is full again, and on
 * refusal {@code retryAfterSeconds} until enough tokens are back.
 */
public record RateLimitDecision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

    /** Of two buckets that both apply, the one to report: a refusal, else the one with fewer tokens left. */
    public RateLimitDecision tighter(RateLimitDecision other) {
        if (allowed != other.allowed) {
            return allowed ? other : this;
        }
        return other.remaining < remaining ? other : this;
    }
}
