package com.nusomi.exportplanner.service;

import com.nusomi.contracts.avro.ShardRowRef;
import java.util.HashSet;
import java.util.Set;

/**
 * Turns catalog rows, arriving in export order {@code (session_id, t_ms, event id)}, into {@code event_only} rows:
 * links each event to the previous event of its session ({@code prior_action}), estimates its size and counts rows,
 * actions, distinct frames and sessions. Rejects rows out of order, since shard boundaries depend on the order.
 */
public final class RowSequencer {
    private final RowSizeEstimator estimator;
    private final Set<String> framesOfSession = new HashSet<>();
    private CatalogRow previous;
    private long previousActionBytes;
    private long rows;
    private long actions;
    private long frames;
    private long sessions;

    public RowSequencer(RowSizeEstimator estimator) {
        this.estimator = estimator;
    }

    public PlannedRow next(CatalogRow row) {
        boolean sameSession = previous != null && previous.sessionId().equals(row.sessionId());
        requireAfterPrevious(row, sameSession);
        if (!sameSession) {
            framesOfSession.clear();
            sessions++;
        }
        if (row.frameId() != null && framesOfSession.add(row.frameId())) {
            frames++;
        }
        String priorEventId = sameSession ? previous.eventId() : null;
        long actionBytes = 0;
        long estimate = 0;
        if (row.measured() != null) {
            var m = row.measured();
            actionBytes = RowSizeEstimator.actionBytes(row.eventType(), m.payloadBytes());
            long frameBytes = row.frameId() == null
                    ? RowSizeEstimator.NULL_BYTES
                    : RowSizeEstimator.frameBytes(estimator.imageUrlBytes(m.imageSha256Bytes()), m.viewportBytes(), m.domBytes(), m.accessibilityTreeBytes());
            long priorBytes = sameSession ? previousActionBytes : RowSizeEstimator.NULL_BYTES;
            estimate = estimator.rowBytes(row.sessionId(), row.tMs(), frameBytes, actionBytes, row.workflow(), priorBytes,
                    row.outcome());
        }
        rows++;
        actions++;
        previous = row;
        previousActionBytes = actionBytes;
        var ref = ShardRowRef.newBuilder()
                .setSessionId(row.sessionId())
                .setTMs(row.tMs())
                .setFrameId(row.frameId())
                .setEventId(row.eventId())
                .setPriorEventId(priorEventId)
                .setWorkflow(row.workflow())
                .setOutcome(row.outcome())
                .build();
        return new PlannedRow(ref, estimate);
    }

    private void requireAfterPrevious(CatalogRow row, boolean sameSession) {
        if (previous == null) {
            return;
        }
        int order = sameSession
                ? compare(previous.tMs(), previous.eventId(), row.tMs(), row.eventId())
                : previous.sessionId().compareTo(row.sessionId());
        if (order >= 0) {
            throw new IllegalStateException("catalog rows out of export order: " + row.sessionId() + "/" + row.eventId()
                    + " after " + previous.sessionId() + "/" + previous.eventId());
        }
    }

    private static int compare(long tMsA, String idA, long tMsB, String idB) {
        int byTime = Long.compare(tMsA, tMsB);
        return byTime != 0 ? byTime : idA.compareTo(idB);
    }

    public long rows() {
        return rows;
    }

    /** Rows that carry an event. */
    public long actions() {
        return actions;
    }

    /** Distinct frames among the rows. */
    public long frames() {
        return frames;
    }

    public long sessions() {
        return sessions;
    }
}
