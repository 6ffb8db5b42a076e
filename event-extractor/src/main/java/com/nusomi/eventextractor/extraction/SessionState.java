package com.nusomi.eventextractor.extraction;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the browser rules remember about one session between its signals (stored as JSON per session): pointer presses
 * waiting for their release, fields typed into and not yet reported, open busy states, the last actions per target for
 * retries, the validation messages already reported for the current attempt, the highest signal seq applied
 * (null before the first: capture-ingest may publish a batch again after a crash between Kafka's ack and its
 * seq log, and a signal at or below it is such a repeat), the tabs whose current user action already failed (one
 * error per failure, however many sides it shows), and whether the stop was handled (the session's tags reported).
 * Fields added later are null in a state written before them.
 */
public record SessionState(Map<String, Down> downs, Map<String, Input> inputs, Map<String, Busy> busy,
                           Map<String, Action> actions, Set<String> validations, Long lastSeq, Set<String> failed,
                           boolean stopped) {

    public SessionState {
        failed = failed == null ? new LinkedHashSet<>() : failed;
    }

    /** A pointer press (left or right button) waiting for its release, per tab. */
    public record Down(String signalId, long tMs, Long frameTMs, long receivedAt, double x, double y, int button,
                       List<String> modifiers, int clickCount, TargetRef target) {}

    /** A field's latest value, not yet reported (debounce), per tab and element. */
    public record Input(String signalId, String tab, long tMs, Long frameTMs, long receivedAt, String value, TargetRef target) {}

    /** An open busy state; {@code interacted} once the user pressed or typed while it was open. */
    public record Busy(String signalId, String tab, long tMs, Long frameTMs, long receivedAt, String reason, boolean interacted) {}

    /** The last click, keypress or submit on a target, for retry detection. */
    public record Action(String eventId, String tab, long tMs) {}

    public static SessionState empty() {
        return new SessionState(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(),
                new LinkedHashSet<>(), null, new LinkedHashSet<>(), false);
    }

    /** The same state having applied signal {@code seq} (the maps are shared, not copied). */
    public SessionState withLastSeq(long seq) {
        return new SessionState(downs, inputs, busy, actions, validations, seq, failed, stopped);
    }

    /** The same state once the stop was handled (the maps are shared, not copied). */
    public SessionState asStopped() {
        return new SessionState(downs, inputs, busy, actions, validations, lastSeq, failed, true);
    }

    /** True for a signal already applied (a re-published one): its seq is not above the last applied. */
    public boolean applied(long seq) {
        return lastSeq != null && seq <= lastSeq;
    }

    /** Nothing to remember, not even a seq: a session with signals keeps its state until it is pruned (seal, delete). */
    public boolean isEmpty() {
        return lastSeq == null && downs.isEmpty() && inputs.isEmpty() && busy.isEmpty() && actions.isEmpty()
                && validations.isEmpty() && failed.isEmpty() && !stopped;
    }
}
