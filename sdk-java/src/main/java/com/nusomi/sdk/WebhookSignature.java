package com.nusomi.sdk;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks and makes the {@code Nusomi-Signature: t=<unix>,v1=<hex>} header of webhook deliveries (SPEC §7):
 * HMAC-SHA256 with the endpoint's secret over {@code "<t>.<raw body>"}. Pass the raw request body exactly as
 * received; a re-serialised JSON object does not match.
 * <pre>{@code
 * if (!WebhookSignature.verify(rawBody, request.getHeader("Nusomi-Signature"), secret)) { respond 400 }
 * }</pre>
 */
public final class WebhookSignature {
    /** The default largest age (or clock skew) of a signature: 5 minutes. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {}

    /** True when the header signs {@code rawBody} with {@code secret} and is at most 5 minutes old. */
    public static boolean verify(byte[] rawBody, String header, String secret) {
        return verify(rawBody, header, secret, DEFAULT_TOLERANCE, Instant.now());
    }

    /**
     * True when one {@code v1} of the header is the HMAC of {@code "<t>.<rawBody>"} (compared in constant time) and
     * {@code t} is within {@code tolerance} of {@code now}. Every {@code v1} is checked, so a secret rotation can sign
     * with two secrets at once.
     */
    public static boolean verify(byte[] rawBody, String header, String secret, Duration tolerance, Instant now) {
        if (header == null || secret == null || secret.isEmpty()) {
            return false;
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (key.equals("t") && value.matches("\\d{1,18}")) {
                timestamp = Long.parseLong(value);
            } else if (key.equals("v1") && value.matches("[0-9a-fA-F]{64}")) {
                signatures.add(HexFormat.of().parseHex(value));
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(secret, timestamp, rawBody);
        boolean ok = false;
        for (byte[] signature : signatures) {
            ok |= MessageDigest.isEqual(signature, expected);
        }
        return ok;
    }

    /** The header the server would send for {@code rawBody} at {@code timestamp}; for tests of your receiver. */
    public static String sign(byte[] rawBody, String secret, Instant timestamp) {
        long t = timestamp.getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(hmac(secret, t, rawBody));
    }

    private static byte[] hmac(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
