package com.nusomi.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One recording as the API shows it (SPEC §2). Status runs {@code created → recording → stopped → sealed};
 * {@code outcome}, {@code durationMs} and the counts are final once sealed.
 *
 * @param id         {@code ses_…}
 * @param workflow   workflow slug
 * @param status     created, recording, stopped, sealed
 * @param actor      who drives it
 * @param surface    web, macos, windows, linux, remote
 * @param metadata   the JSON object given at creation
 * @param tags       tags set on it
 * @param outcome    success, error, abandoned; null until sealed
 * @param createdAt  creation time
 * @param startedAt  start of recording, or null
 * @param stoppedAt  stop, or null
 * @param sealedAt   seal, or null
 * @param durationMs recorded duration once sealed, else null
 * @param frameCount frames stored
 * @param eventCount events stored
 */
public record SessionData(String id, String workflow, String status, Actor actor, String surface, JsonNode metadata,
                          List<SessionTag> tags, String outcome, Instant createdAt, Instant startedAt,
                          Instant stoppedAt, Instant sealedAt, Long durationMs, long frameCount, long eventCount) {

    /** True once the session is sealed (immutable, exportable). */
    public boolean sealed() {
        return "sealed".equals(status);
    }
}
