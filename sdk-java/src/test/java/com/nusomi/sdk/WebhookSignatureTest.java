package com.nusomi.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** SPEC §7 signatures, against a vector computed with Python's hmac (not with this code). */
class WebhookSignatureTest {
    private static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant T = Instant.ofEpochSecond(1_700_000_000L);
    private static final String HEADER = "t=1700000000,v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925";

    @Test
    void theReferenceVectorVerifiesAndSigningReproducesIt() {
        assertTrue(WebhookSignature.verify(BODY, HEADER, "whsec_test", Duration.ofMinutes(5), T.plusSeconds(10)));
        assertEquals(HEADER, WebhookSignature.sign(BODY, "whsec_test", T));
    }

    @Test
    void aTamperedBodyAWrongSecretAnOldTimestampOrGarbageFail() {
        Instant now = T.plusSeconds(10);
        assertFalse(WebhookSignature.verify("{\"id\":\"evt_2\"}".getBytes(StandardCharsets.UTF_8), HEADER, "whsec_test",
                Duration.ofMinutes(5), now));
        assertFalse(WebhookSignature.verify(BODY, HEADER, "whsec_other", Duration.ofMinutes(5), now));
        assertFalse(WebhookSignature.verify(BODY, HEADER, "whsec_test", Duration.ofMinutes(5), T.plusSeconds(301)));
        assertFalse(WebhookSignature.verify(BODY, "v1=zz", "whsec_test", Duration.ofMinutes(5), now));
        assertFalse(WebhookSignature.verify(BODY, null, "whsec_test", Duration.ofMinutes(5), now));
    }

    @Test
    void anyOfSeveralSignaturesMayMatch() {
        String rotated = "t=1700000000,v1=" + "0".repeat(64) + "," + HEADER.substring(HEADER.indexOf("v1="));
        assertTrue(WebhookSignature.verify(BODY, rotated, "whsec_test", Duration.ofMinutes(5), T));
    }
}
