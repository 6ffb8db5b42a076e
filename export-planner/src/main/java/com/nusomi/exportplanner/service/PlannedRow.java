package com.nusomi.exportplanner.service;

import com.nusomi.contracts.avro.Outcome;

/**
 * One row of the export, by reference into the catalog, at position {@code seq} (0-based, export order), with the
 * bytes it is estimated to take in a shard of the export's format.
 *
 * @param frameId null when the row's event is anchored to a frame the catalog does not hold
 * @param eventId null for a frame without an action
 */
public record PlannedRow(long seq, String sessionId, long tMs, String frameId, String eventId, String priorEventId,
                         String workflow, Outcome outcome, long estimatedBytes) {}
