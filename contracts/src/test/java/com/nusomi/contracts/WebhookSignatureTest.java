package com.nusomi.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    private static final String SECRET = "whsec_test";
    private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"export.completed\"}".getBytes(StandardCharsets.UTF_8);
    private static final long T = 1_780_000_000L;
    private static final Instant NOW = Instant.ofEpochSecond(T);

    @Test
    void headerIsTimeAndHexHmacOfTimeDotBody() {
        // Expected value computed independently: printf '1780000000.{"id":"evt_1","type":"export.completed"}' |
        // openssl dgst -sha256 -hmac whsec_test
        assertEquals("t=1780000000,v1=b3a4d7142211c2446fd83d7d800fc26a87ae0f17adb31d42d3fb64a49c432e23",
                WebhookSignature.header(SECRET, T, BODY));
    }

    @Test
    void aSignedBodyVerifiesWithinTheTolerance() throws Exception {
        String header = WebhookSignature.header(SECRET, T, BODY);
        WebhookSignature.verify(header, BODY, SECRET, Duration.ofMinutes(5), NOW.plusSeconds(299));
        assertTrue(WebhookSignature.isValid(header, BODY, SECRET, Duration.ofMinutes(5), NOW.minusSeconds(299)));
    }

    @Test
    void anOldOrFutureSignatureIsRefused() {
        String header = WebhookSignature.header(SECRET, T, BODY);
        var e = assertThrows(WebhookSignature.InvalidSignatureException.class,
                () -> WebhookSignature.verify(header, BODY, SECRET, Duration.ofMinutes(5), NOW.plusSeconds(301)));
        assertTrue(e.getMessage().contains("tolerance"), e.getMessage());
        assertFalse(WebhookSignature.isValid(header, BODY, SECRET, Duration.ofMinutes(5), NOW.minusSeconds(301)));
    }

    @Test
    void anotherBodySecretOrTimeIsRefused() {
        String header = WebhookSignature.header(SECRET, T, BODY);
        byte[] tampered = "{\"id\":\"evt_2\",\"type\":\"export.completed\"}".getBytes(StandardCharsets.UTF_8);
        assertFalse(WebhookSignature.isValid(header, tampered, SECRET, Duration.ofMinutes(5), NOW));
        assertFalse(WebhookSignature.isValid(header, BODY, "whsec_other", Duration.ofMinutes(5), NOW));
        String movedTime = header.replace("t=" + T, "t=" + (T + 1));
        assertFalse(WebhookSignature.isValid(movedTime, BODY, SECRET, Duration.ofMinutes(5), NOW));
    }

    @Test
    void anyOfSeveralV1SignaturesMayMatch() {
        String header = WebhookSignature.header(SECRET, T, BODY);
        String rotated = "t=" + T + ",v1=" + "00".repeat(32) + "," + header.substring(header.indexOf("v1="));
        assertTrue(WebhookSignature.isValid(rotated, BODY, SECRET, Duration.ofMinutes(5), NOW));
    }

    @Test
    void malformedHeadersAreRefusedWithAReason() {
        for (String header : new String[] {null, "", "v1=ab", "t=1780000000", "t=soon,v1=ab", "t=1780000000,v1=zz"}) {
            assertThrows(WebhookSignature.InvalidSignatureException.class,
                    () -> WebhookSignature.verify(header, BODY, SECRET, Duration.ofMinutes(5), NOW), String.valueOf(header));
        }
    }
}
