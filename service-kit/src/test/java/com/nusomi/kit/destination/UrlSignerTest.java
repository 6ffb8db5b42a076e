package com.nusomi.kit.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class UrlSignerTest {
    private final UrlSigner signer = new UrlSigner("http://127.0.0.1:18333/", "us-east-1", "AK", "SK", Duration.ofHours(24));
    private final Clock created = Clock.fixed(Instant.parse("2026-05-07T14:08:11Z"), ZoneOffset.UTC);

    @Test
    void aFixedClockGivesTheSameUrlEveryTime() {
        String url = signer.sign("nusomi", "exports/wsp_1/exp_1/frames/ab.webp", created);

        assertEquals(url, signer.sign("nusomi", "exports/wsp_1/exp_1/frames/ab.webp", created));
        assertTrue(url.startsWith("http://127.0.0.1:18333/nusomi/exports/wsp_1/exp_1/frames/ab.webp?"), url);
        assertTrue(url.contains("X-Amz-Date=20260507T140811Z") && url.contains("X-Amz-Expires=86400"), url);
        assertNotEquals(url, signer.sign("nusomi", "exports/wsp_1/exp_1/frames/ab.webp",
                Clock.offset(created, Duration.ofSeconds(1))));
    }

    @Test
    void prefixesAreFolders() {
        assertEquals("v1/", ExportLocation.normalizePrefix("/v1"));
        assertEquals("", ExportLocation.normalizePrefix(null));
        assertEquals("a/b/", ExportLocation.normalizePrefix(" a/b/ "));
    }
}
