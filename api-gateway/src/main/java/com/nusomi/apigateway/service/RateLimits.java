package com.nusomi.apigateway.service;

import com.nusomi.apigateway.auth.Caller;
import com.nusomi.apigateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The SPEC §4 rate limits: one token bucket per (API key, class), plus one per workspace for exports. Buckets live in
 * this instance's memory; with {@code instances = N} each enforces 1/N of every rate (see docs/decisions.md).
 */
@ApplicationScoped
public class RateLimits {
    private static final int SWEEP_EVERY = 4096;
    private final GatewayConfig.RateLimit config;
    private final LongSupplier clock;
    private final Map<String, RateLimitBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong charges = new AtomicLong();

    @Inject
    RateLimits(GatewayConfig config) {
        this(config.rateLimit(), System::nanoTime);
    }

    public RateLimits(GatewayConfig.RateLimit config, LongSupplier clock) {
        this.config = config;
        this.clock = clock;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** Charges {@code cost} tokens of the class to the caller's key (and workspace, for exports). */
    public RateLimitDecision charge(Caller caller, RateLimitClass type, int cost) {
        long now = clock.getAsLong();
        if (charges.incrementAndGet() % SWEEP_EVERY == 0) {
            buckets.values().removeIf(b -> b.full(now));
        }
        RateLimitBucket key = bucket("key:" + caller.keyId() + ":" + type, type.perSecond(config), type.windowSeconds(), now);
        RateLimitDecision decision = key.take(cost, now);
        if (type != RateLimitClass.EXPORT || caller.isOperator() || !decision.allowed()) {
            return decision;
        }
        RateLimitBucket workspace = bucket("wsp:" + caller.workspaceId() + ":" + type,
                config.exportsPerWorkspacePerMinute() / 60.0, type.windowSeconds(), now);
        RateLimitDecision shared = workspace.take(cost, now);
        if (!shared.allowed()) {
            key.giveBack(cost, now);
        }
        return decision.tighter(shared);
    }

    /** Capacity = burst factor × the rate over its SPEC window (5/min → 10 tokens, 30/s → 60 tokens). */
    private RateLimitBucket bucket(String name, double perSecond, long windowSeconds, long now) {
        double rate = perSecond / Math.max(1, config.instances());
        return buckets.computeIfAbsent(name, n -> new RateLimitBucket(rate * windowSeconds * config.burstFactor(), rate, now));
    }
}
