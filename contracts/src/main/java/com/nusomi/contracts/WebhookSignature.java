package com.nusomi.contracts;

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
 * The {@code Nusomi-Signature} header of SPEC §7: {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>}.
 * The HMAC key is the endpoint secret as shown at creation ({@code whsec_…}, all of it, UTF-8). Pure JDK so an SDK can
 * copy or depend on it.
 */
public final class WebhookSignature {
    /** How far the signed time may be from the receiver's clock unless the caller chooses otherwise. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private WebhookSignature() {}

    /** The header value for a request sent at {@code unixSeconds}. */
    public static String header(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + HEX.formatHex(mac(secret, unixSeconds, body));
    }

    /** Why a header does not verify. */
    public static final class InvalidSignatureException extends Exception {
        public InvalidSignatureException(String message) {
            super(message);
        }
    }

    /** True when {@link #verify} would accept. */
    public static boolean isValid(String header, byte[] body, String secret, Duration tolerance, Instant now) {
        try {
            verify(header, body, secret, tolerance, now);
            return true;
        } catch (InvalidSignatureException e) {
            return false;
        }
    }

    /**
     * Accepts when one {@code v1} of the header is the HMAC of this body at the header's {@code t}, and {@code t} is
     * within {@code tolerance} of {@code now} (replayed old requests are refused). Compares in constant time.
     */
    public static void verify(String header, byte[] body, String secret, Duration tolerance, Instant now)
            throws InvalidSignatureException {
        if (header == null || header.isBlank()) {
            throw new InvalidSignatureException("no " + Headers.WEBHOOK_SIGNATURE + " header");
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (name.equals("t")) {
                try {
                    timestamp = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new InvalidSignatureException("t is not a unix time: " + value);
                }
            } else if (name.equals("v1")) {
                try {
                    signatures.add(HEX.parseHex(value));
                } catch (IllegalArgumentException e) {
                    // A malformed v1 cannot match; other v1 entries (secret rotation) may still.
                }
            }
        }
        if (timestamp == null) {
            throw new InvalidSignatureException("the header has no t=");
        }
        if (signatures.isEmpty()) {
            throw new InvalidSignatureException("the header has no v1=");
        }
        long skew = Math.abs(now.getEpochSecond() - timestamp);
        if (skew > tolerance.toSeconds()) {
            throw new InvalidSignatureException("t is " + skew + " s away from now, beyond the tolerance of "
                    + tolerance.toSeconds() + " s");
        }
        byte[] expected = mac(secret, timestamp, body);
        boolean matched = false;
        for (byte[] candidate : signatures) {
            matched |= MessageDigest.isEqual(expected, candidate);
        }
        if (!matched) {
            throw new InvalidSignatureException("no v1 signature matches the body");
        }
    }

    private static byte[] mac(String secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
