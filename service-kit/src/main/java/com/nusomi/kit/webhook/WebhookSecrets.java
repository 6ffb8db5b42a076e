package com.nusomi.kit.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Endpoint secrets: minted as {@code whsec_…}, stored encrypted (AES-256-GCM, random 96-bit nonce, the webhook id as
 * associated data so a ciphertext cannot be moved to another webhook). Not hashed: the deliverer needs the secret
 * itself to compute each request's HMAC.
 */
public final class WebhookSecrets {
    public static final String PREFIX = "whsec_";
    /** Version tag of the stored form, so a later key rotation can tell old ciphertexts apart. */
    private static final String STORED_VERSION = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    public WebhookSecrets(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the webhook secret key must be 32 bytes (base64 of 32 random bytes), got "
                    + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** From the base64 text of {@code nusomi.webhooks.secret-key}. */
    public static WebhookSecrets fromBase64(String key) {
        return new WebhookSecrets(Base64.getDecoder().decode(key.trim()));
    }

    /** A new endpoint secret: {@code whsec_} and 32 random bytes, base64url. */
    public static String mint() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of {@code secret} for webhook {@code webhookId}. */
    public String encrypt(String webhookId, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, webhookId);
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] stored = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return STORED_VERSION + Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** The secret back; fails when the stored form was made with another key or for another webhook. */
    public String decrypt(String webhookId, String stored) {
        if (stored == null || !stored.startsWith(STORED_VERSION)) {
            throw new IllegalArgumentException("not a stored webhook secret of version " + STORED_VERSION);
        }
        byte[] bytes = Base64.getDecoder().decode(stored.substring(STORED_VERSION.length()));
        byte[] nonce = Arrays.copyOfRange(bytes, 0, NONCE_BYTES);
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, webhookId);
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("webhook " + webhookId + ": its secret cannot be decrypted with the configured "
                    + "nusomi.webhooks.secret-key (was it changed?)", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String webhookId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
