package com.nusomi.apigateway.auth;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Minting, hashing and redacting API key secrets. Secrets are shown once; only their SHA-256 is stored. */
public final class KeySecrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int SECRET_CHARS = 40; // base62, ~238 bits

    private KeySecrets() {}

    /** A new secret: {@code prefix} followed by 40 random base62 characters (double-click selectable). */
    public static String mint(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        var n = new BigInteger(1, bytes);
        var base = BigInteger.valueOf(ALPHABET.length());
        var out = new StringBuilder(SECRET_CHARS);
        for (int i = 0; i < SECRET_CHARS; i++) {
            BigInteger[] qr = n.divideAndRemainder(base);
            out.append(ALPHABET.charAt(qr[1].intValue()));
            n = qr[0];
        }
        return prefix + out;
    }

    /** Hex SHA-256 of the secret: what the database stores and looks up. */
    public static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** What listings show instead of the secret: its prefix and last four characters. */
    public static String redact(String secret, String prefix) {
        return prefix + "…" + secret.substring(Math.max(prefix.length(), secret.length() - 4));
    }
}
