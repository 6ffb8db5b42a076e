package com.nusomi.kit.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nusomi.contracts.ErrorCode;
import com.nusomi.kit.api.ApiException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FilterTimesTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00.123Z");

    @Test
    void relativeTimesCountBackFromNow() {
        assertEquals(Instant.parse("2026-10-24T12:00:00.123Z"), FilterTimes.parse("30d", NOW, "filter.since"));
        assertEquals(Instant.parse("2026-11-23T00:00:00.123Z"), FilterTimes.parse("12h", NOW, "filter.since"));
        assertEquals(Instant.parse("2026-11-23T11:45:00.123Z"), FilterTimes.parse("15m", NOW, "filter.since"));
        assertEquals(Instant.parse("2026-11-09T12:00:00.123Z"), FilterTimes.parse("2w", NOW, "filter.since"));
        assertEquals(Instant.parse("2026-11-23T12:00:00.023Z"), FilterTimes.parse("100ms", NOW, "filter.since"));
    }

    @Test
    void isoTimesAreInstantsOffsetsOrUtcDates() {
        assertEquals(Instant.parse("2026-01-31T12:00:00Z"), FilterTimes.parse("2026-01-31T12:00:00Z", NOW, "p"));
        assertEquals(Instant.parse("2026-01-31T10:00:00Z"), FilterTimes.parse("2026-01-31T12:00:00+02:00", NOW, "p"));
        assertEquals(Instant.parse("2026-01-31T00:00:00Z"), FilterTimes.parse("2026-01-31", NOW, "p"));
    }

    @Test
    void anythingElseIsAnInvalidFilterNamingTheField() {
        var e = assertThrows(ApiException.class, () -> FilterTimes.parse("yesterday", NOW, "filter.until"));
        assertEquals(ErrorCode.INVALID_FILTER, e.code());
        assertEquals("filter.until", e.param());
        assertThrows(ApiException.class, () -> FilterTimes.parse("-3d", NOW, "filter.until"));
        assertThrows(ApiException.class, () -> FilterTimes.parse("2026-13-45", NOW, "filter.until"));
    }
}
