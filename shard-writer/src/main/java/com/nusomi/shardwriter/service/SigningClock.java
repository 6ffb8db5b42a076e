package com.nusomi.shardwriter.service;

import com.github.f4b6a3.ulid.Ulid;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * When the signed URLs inside an export's rows are signed: the export's creation, read from its ULID id, so a task
 * written twice yields the same bytes (and the manifest's sha256 stays true).
 */
final class SigningClock {
    private SigningClock() {}

    static Clock of(String exportId) {
        return Clock.fixed(createdAt(exportId), ZoneOffset.UTC);
    }

    static Instant createdAt(String exportId) {
        String ulid = exportId == null ? "" : exportId.substring(exportId.indexOf('_') + 1);
        if (Ulid.isValid(ulid)) {
            return Ulid.from(ulid).getInstant().truncatedTo(ChronoUnit.SECONDS);
        }
        return Instant.now().truncatedTo(ChronoUnit.HOURS); // not a Nusomi id: stable within the hour
    }
}
