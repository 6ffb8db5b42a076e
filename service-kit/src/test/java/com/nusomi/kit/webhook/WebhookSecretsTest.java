package com.nusomi.kit.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSecretsTest {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void aSecretRoundTripsAndIsNotStoredInClear() {
        var secrets = WebhookSecrets.fromBase64(KEY);
        String secret = WebhookSecrets.mint();
        assertTrue(secret.matches("whsec_[A-Za-z0-9_-]{43}"), secret);
        String stored = secrets.encrypt("whk_1", secret);
        assertFalse(stored.contains(secret.substring(6)));
        assertNotEquals(stored, secrets.encrypt("whk_1", secret), "a fresh nonce each time");
        assertEquals(secret, secrets.decrypt("whk_1", stored));
    }

    @Test
    void anotherKeyOrAnotherWebhookCannotDecrypt() {
        String stored = WebhookSecrets.fromBase64(KEY).encrypt("whk_1", WebhookSecrets.mint());
        var otherKey = new WebhookSecrets(WebhookSecretsProducer.developmentKey());
        assertThrows(IllegalStateException.class, () -> otherKey.decrypt("whk_1", stored));
        assertThrows(IllegalStateException.class, () -> WebhookSecrets.fromBase64(KEY).decrypt("whk_2", stored));
    }
}
