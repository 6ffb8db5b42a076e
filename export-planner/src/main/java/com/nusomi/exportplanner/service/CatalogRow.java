package com.nusomi.exportplanner.service;

import com.nusomi.contracts.avro.Outcome;

/**
 * One event of a selected session as the catalog returns it, in export order.
 *
 * @param frameId  the anchored frame, or null if the catalog does not hold it
 * @param measured the JSON sizes, or null when the query did not measure them
 */
public record CatalogRow(String sessionId, String workflow, Outcome outcome, long tMs, String eventId, String eventType,
                         String frameId, Measured measured) {

    /** Sizes in bytes as PostgreSQL prints the JSON ({@code octet_length(x::text)}; 4 for a JSON null). */
    public record Measured(long payloadBytes, long imageSha256Bytes, long viewportBytes, long domBytes,
                           long accessibilityTreeBytes) {}
}
