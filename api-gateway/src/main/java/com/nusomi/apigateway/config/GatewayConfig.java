package com.nusomi.apigateway.config;

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

    /** How long a forwarded frame upload may take. */
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

    /** How long an event emit waits for its events to be stored in the catalog. */
    @WithDefault("10s")
    Duration eventStoreTimeout();

    /** How long an emit naming a {@code frame_id} waits for a just-uploaded frame to reach the catalog. */
    @WithDefault("3s")
    Duration frameLookupGrace();

    /** How long the signed {@code image_url} of a frame stays valid. */
    @WithDefault("1h")
    Duration frameUrlTtl();
}
