package com.nusomi.eventextractor.extraction;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the browser rules remember about one session between its signals (stored as JSON per session): pointer presses
 * waiting for their release, fields typed into and not yet reported, open busy states, the last actions per target for
 * retries, and the validation messages already reported for the current attempt.
 */
public record SessionState(Map<String, Down> downs, Map<String, Input> inputs, Map<String, Busy> busy,
                           Map<String, Action> actions, Set<String> validations) {

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
                new LinkedHashSet<>());
    }

    public boolean isEmpty() {
        return downs.isEmpty() && inputs.isEmpty() && busy.isEmpty() && actions.isEmpty() && validations.isEmpty();
    }
}
