package com.nusomi.apigateway.service;

/**
 * One token bucket: holds at most {@code capacity} tokens (the burst), refills at {@code perSecond}. Time is passed
 * in (nanoseconds) so the arithmetic is testable without sleeping.
 */
public final class RateLimitBucket {
    private static final double NANOS = 1_000_000_000.0;
    private final double capacity;
    private final double perSecond;
    private double tokens;
    private long updatedAt;

    public RateLimitBucket(double capacity, double perSecond, long nowNanos) {
        this.capacity = capacity;
        this.perSecond = perSecond;
        this.tokens = capacity;
        this.updatedAt = nowNanos;
    }

    /** Takes {@code cost} tokens if there are that many (a cost above the capacity takes a full bucket). */
    public synchronized RateLimitDecision take(double cost, long nowNanos) {
        refill(nowNanos);
        double needed = Math.min(cost, capacity);
        if (tokens >= needed) {
            tokens -= needed;
            return decision(true, 0);
        }
        return decision(false, (long) Math.max(1, Math.ceil((needed - tokens) / perSecond)));
    }

    /** Gives tokens back (a second bucket refused the same request). */
    public synchronized void giveBack(double cost, long nowNanos) {
        refill(nowNanos);
        tokens = Math.min(capacity, tokens + Math.min(cost, capacity));
    }

    /** A full bucket behaves like a new one: it can be forgotten. */
    public synchronized boolean full(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long nowNanos) {
        if (nowNanos > updatedAt) {
            tokens = Math.min(capacity, tokens + (nowNanos - updatedAt) / NANOS * perSecond);
            updatedAt = nowNanos;
        }
    }

    private RateLimitDecision decision(boolean allowed, long retryAfterSeconds) {
        long remaining = (long) Math.floor(tokens);
        long reset = (long) Math.ceil((capacity - tokens) / perSecond);
        return new RateLimitDecision(allowed, (long) Math.floor(capacity), remaining, reset, retryAfterSeconds);
    }
}
