package com.nusomi.kit.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jboss.logging.Logger;

/** The {@link WebhookSecrets} of this installation, keyed by {@code nusomi.webhooks.secret-key}. */
@ApplicationScoped
public class WebhookSecretsProducer {
    private static final Logger LOG = Logger.getLogger(WebhookSecretsProducer.class);
    /** Derivation input of the development key; it is public, so secrets encrypted with it are not protected. */
    private static final String DEVELOPMENT_KEY_SEED = "nusomi development webhook secret key";

    @Produces
    @ApplicationScoped
    WebhookSecrets secrets(WebhookConfig config) {
        if (config.secretKey().isPresent() && !config.secretKey().get().isBlank()) {
            return WebhookSecrets.fromBase64(config.secretKey().get());
        }
        LOG.warn("nusomi.webhooks.secret-key is not set: webhook secrets are encrypted with the public development key; "
                + "set NUSOMI_WEBHOOKS_SECRET_KEY (base64 of 32 random bytes) on the gateway and manifest-service");
        return new WebhookSecrets(developmentKey());
    }

    static byte[] developmentKey() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(DEVELOPMENT_KEY_SEED.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
