package com.nusomi.apigateway.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals stored answers with AES-256-GCM under a key derived from the caller's API key secret (HMAC-SHA256), so the
 * table never holds an answer in clear (a {@code POST /v1/keys} answer carries a new secret) and only a holder of the
 * same API key can have it replayed. The idempotency key is bound as associated data.
 */
public final class IdempotencyCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private IdempotencyCipher() {}

    public static byte[] seal(String apiKeySecret, String idempotencyKey, byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, apiKeySecret, idempotencyKey, nonce);
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal an idempotent answer", e);
        }
    }

    /** @throws GeneralSecurityException when the body was sealed under another API key or altered */
    public static byte[] open(String apiKeySecret, String idempotencyKey, byte[] sealed) throws GeneralSecurityException {
        if (sealed.length < NONCE_BYTES) {
            throw new GeneralSecurityException("sealed answer too short");
        }
        byte[] nonce = Arrays.copyOf(sealed, NONCE_BYTES);
        Cipher cipher = cipher(Cipher.DECRYPT_MODE, apiKeySecret, idempotencyKey, nonce);
        return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    }

    private static Cipher cipher(int mode, String apiKeySecret, String idempotencyKey, byte[] nonce)
            throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(apiKeySecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] key = mac.doFinal("nusomi idempotency v1".getBytes(StandardCharsets.UTF_8));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(idempotencyKey.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
