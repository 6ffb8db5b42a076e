package com.nusomi.kit.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Webhook settings both the gateway (subscriptions) and the deliverer (manifest-service) read, so they must agree:
 * env {@code NUSOMI_WEBHOOKS_SECRET_KEY}, {@code NUSOMI_WEBHOOKS_ALLOW_PRIVATE_TARGETS}.
 */
@ConfigMapping(prefix = "nusomi.webhooks")
public interface WebhookConfig {

    /**
     * Base64 of a 32-byte AES key that encrypts endpoint secrets at rest (AES-256-GCM). Without it a built-in
     * development key is used and a warning logged: set it in every installation that is not a laptop.
     */
    Optional<String> secretKey();

    /**
     * Whether endpoints may resolve to loopback, private, link-local or otherwise internal addresses. Off by default
     * (production); the local run ({@code ./nusomi up}) and dev mode turn it on so a receiver on the laptop works.
     */
    @WithDefault("false")
    boolean allowPrivateTargets();
}
