package com.nusomi.apigateway.config;

import com.nusomi.contracts.Limits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The gateway's own settings ({@code nusomi.gateway.*}). */
@ConfigMapping(prefix = "nusomi.gateway")
public interface GatewayConfig {

    /** Base URL of capture-ingest; frame uploads are forwarded to {@code <url>/internal/v1/sessions/{id}/frames}. */
    @WithDefault("http://127.0.0.1:18101")
    String captureIngestUrl();

    /** How long capture-ingest may take to answer a frame upload once the whole body was passed on to it. */
    @WithDefault("60s")
    Duration captureIngestTimeout();

    /**
     * A pre-seeded operator key ({@code nso_…}). Only its SHA-256 is stored; it becomes the installation's one operator
     * key (an operator key stored earlier with another secret is revoked). Restarting with the same value changes nothing.
     */
    Optional<String> operatorKey();

    /**
     * Where to write {@code {"operator_key": "nso_…"}} (mode 0600) when the gateway creates the operator key itself,
     * i.e. on first start without {@link #operatorKey()}. Written only then: the secret is never stored in clear.
     */
    Optional<String> bootstrapFile();

    /** How long a lifecycle call waits for the session-sealer's reply. */
    @WithDefault("10s")
    Duration commandTimeout();

    /** How long an emit naming a {@code frame_id} waits for a just-uploaded frame to reach the catalog. */
    @WithDefault("3s")
    Duration frameLookupGrace();

    /** How long the signed {@code image_url} of a frame stays valid. */
    @WithDefault("1h")
    Duration frameUrlTtl();

    /** {@code Idempotency-Key} on writes ({@code nusomi.gateway.idempotency.*}). */
    Idempotency idempotency();

    /** Token-bucket rate limits ({@code nusomi.gateway.rate-limit.*}); SPEC §4 values by default. */
    RateLimit rateLimit();

    interface Idempotency {
        /** How long a key's answer is kept and replayed (SPEC: 24 h). */
        @WithDefault("24h")
        Duration window();

        /**
         * How long a claimed key counts as "in flight". A gateway that died mid-request leaves its claim behind; after
         * this the same request may claim the key again. Must exceed the longest request (capture-ingest-timeout).
         */
        @WithDefault("120s")
        Duration inFlightTimeout();

        /** How often expired keys are deleted (each instance; deleting twice is harmless). */
        @WithDefault("10m")
        Duration purgeInterval();
    }

    interface RateLimit {
        /** Off only for diagnosis: no 429, no headers. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Buckets live in each instance's memory. With N instances behind a balancer each enforces limit / instances
         * (set this to N) so the total stays the SPEC limit when traffic is spread evenly; 1 = each enforces it in full.
         */
        @WithDefault("1")
        int instances();

        /** Bucket capacity as a multiple of the rate (SPEC: burst 2×). */
        @WithDefault("2")
        double burstFactor();

        /** {@code POST /v1/sessions}, per key per second. */
        @WithDefault("30")
        double createSessionPerSecond();

        /** Emitted events (not requests: a batch of 100 costs 100), per key per second. */
        @WithDefault("1000")
        double emitEventsPerSecond();

        /** Frame upload requests (each ≤ 50 frames), per key per second. */
        @WithDefault("200")
        double frameUploadPerSecond();

        /** Every GET, per key per second. */
        @WithDefault("200")
        double readsPerSecond();

        /** Other writes (start, stop, delete, tags, keys, webhooks, masking rules, workspaces), per key per second. */
        @WithDefault("100")
        double writesPerSecond();

        /** {@code POST /v1/exports}, per key per minute. */
        @WithDefault("5")
        double exportsPerKeyPerMinute();

        /** {@code POST /v1/exports}, per workspace per minute (all its keys together). */
        @WithDefault("30")
        double exportsPerWorkspacePerMinute();
    }

    /** Live streams (SSE, SPEC §5): {@code nusomi.gateway.stream.*}. */
    Stream stream();

    interface Stream {
        /** Interval of the {@code : keepalive} comment. */
        @WithDefault(Limits.STREAM_KEEPALIVE_SECONDS + "s")
        Duration keepalive();

        /** Open streams per API key, across every gateway instance (gateway.stream_leases). */
        @WithDefault("" + Limits.STREAMS_PER_KEY)
        int maxPerKey();

        /** Open streams per workspace, across every gateway instance (gateway.stream_leases). */
        @WithDefault("" + Limits.STREAMS_PER_WORKSPACE)
        int maxPerWorkspace();

        /**
         * How long an open stream's slot outlives its instance's last heartbeat (renewed every third of it): the slots of
         * a crashed instance come free after this.
         */
        @WithDefault("30s")
        Duration lease();

        /** A stream whose oldest unsent frame waited longer than this gets {@code : dropped N} and resumes live. */
        @WithDefault(Limits.STREAM_MAX_LAG_SECONDS + "s")
        Duration maxLag();

        /** Unsent frames a stream may hold before it is treated as behind, whatever their age. */
        @WithDefault("10000")
        int maxQueued();

        /** Recent events kept per partition of nusomi.events, to hand a reconnecting stream over without a Kafka read. */
        @WithDefault("5000")
        int recentPerPartition();

        /** Consumer group of the session-sealer's events projection: below its committed offsets the catalog is complete. */
        @WithDefault("session-sealer-events")
        String catalogProjectionGroup();

        /** The live feed's {@code fetch.max.wait.ms}: how long the broker may hold a fetch that has nothing new. */
        @WithDefault("10ms")
        Duration liveFetchMaxWait();

        /** The live feed's {@code max.poll.records}: a batch is decoded before its first record is dispatched. */
        @WithDefault("100")
        int livePollRecords();

        /** How far back the topic is read for a hand-off when that group has no offsets yet. */
        @WithDefault(Limits.STREAM_REPLAY_HISTORY_MINUTES + "m")
        Duration history();
    }
}
