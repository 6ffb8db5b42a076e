package com.nusomi.exportplanner.service;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Turns candidates, arriving in export order, into rows: applies the confidence gate and the sampling mode, links each
 * row to {@code prior_action} (the session's latest kept event before the row in {@code (t_ms, event id)} order,
 * whether or not that event has a row of its own), numbers rows, estimates their size and counts rows, actions and
 * distinct frames. Rejects candidates out of order, since shard boundaries depend on the order.
 */
public final class RowSequencer {
    private final EventGate gate;
    private final FrameSampler sampler;
    private final RowSizeEstimator estimator;
    private final Set<String> framesOfSession = new HashSet<>();
    private Candidate previous;
    private String priorEventId;
    private long priorActionBytes = RowSizeEstimator.NULL_BYTES;
    private long rows;
    private long actions;
    private long frames;

    public RowSequencer(EventGate gate, FrameSampler sampler, RowSizeEstimator estimator) {
        this.gate = gate;
        this.sampler = sampler;
        this.estimator = estimator;
    }

    /** The row {@code candidate} of {@code session} gives, if any. */
    public Optional<PlannedRow> next(Candidate candidate, SessionFacts session) {
        if (!candidate.sessionId().equals(session.id())) {
            throw new IllegalArgumentException("candidate of " + candidate.sessionId() + " with facts of " + session.id());
        }
        boolean sameSession = previous != null && previous.sessionId().equals(candidate.sessionId());
        requireAfterPrevious(candidate, sameSession);
        previous = candidate;
        if (!sameSession) {
            framesOfSession.clear();
            priorEventId = null;
            priorActionBytes = RowSizeEstimator.NULL_BYTES;
        }
        if (candidate.isEvent()) {
            if (!gate.keeps(candidate.eventConfidence())) {
                return Optional.empty();
            }
            long actionBytes = RowSizeEstimator.actionBytes(candidate.eventType(), candidate.sizes().payloadBytes());
            Optional<PlannedRow> row = sampler.keepsEventRow(candidate)
                    ? Optional.of(row(candidate, session, actionBytes))
                    : Optional.empty();
            priorEventId = candidate.eventId();
            priorActionBytes = actionBytes;
            return row;
        }
        // a frame with a kept event is exported through its events' rows (or not at all)
        if (gate.keeps(candidate.frameMaxConfidence()) || !sampler.selectsFrame(candidate)) {
            return Optional.empty();
        }
        return Optional.of(row(candidate, session, RowSizeEstimator.NULL_BYTES));
    }

    private PlannedRow row(Candidate c, SessionFacts session, long actionBytes) {
        var sizes = c.sizes();
        long frameBytes = c.hasFrame()
                ? RowSizeEstimator.frameBytes(estimator.imageUrlBytes(sizes.imageSha256Bytes()), sizes.viewportBytes(),
                        sizes.domBytes(), sizes.accessibilityTreeBytes())
                : RowSizeEstimator.NULL_BYTES;
        long lineBytes = estimator.rowBytes(c.sessionId(), c.tMs(), frameBytes, actionBytes, session.workflow(),
                priorActionBytes, session.outcome());
        long estimate = estimator.inShard(lineBytes, actionBytes, c.hasFrame() ? sizes.imageBytes() : 0);
        var row = new PlannedRow(rows, c.sessionId(), c.tMs(), c.frameId(), c.eventId(), priorEventId, session.workflow(),
                session.outcome(), estimate);
        rows++;
        if (c.isEvent()) {
            actions++;
        }
        if (c.hasFrame() && framesOfSession.add(c.frameId())) {
            frames++;
        }
        return row;
    }

    private void requireAfterPrevious(Candidate c, boolean sameSession) {
        if (previous == null) {
            return;
        }
        int order = sameSession ? compareInSession(previous, c) : previous.sessionId().compareTo(c.sessionId());
        if (order >= 0) {
            throw new IllegalStateException("catalog candidates out of export order: " + describe(c) + " after "
                    + describe(previous));
        }
    }

    /** {@code (t_ms, event id with a frame's own candidate first, frame id)}, as the catalog query orders. */
    static int compareInSession(Candidate a, Candidate b) {
        int byTime = Long.compare(a.tMs(), b.tMs());
        if (byTime != 0) {
            return byTime;
        }
        int byEvent = compareNullsFirst(a.eventId(), b.eventId());
        return byEvent != 0 ? byEvent : compareNullsFirst(a.frameId(), b.frameId());
    }

    private static int compareNullsFirst(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return a.compareTo(b);
    }

    private static String describe(Candidate c) {
        return c.sessionId() + "@" + c.tMs() + "/" + (c.isEvent() ? c.eventId() : c.frameId());
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
}
