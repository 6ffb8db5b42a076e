package com.nusomi.exportplanner.service;

/**
 * The session half of SPEC §6's filter, applied to each sealed session of the export's scope (workspace, workflows,
 * sealed by the request's time, which the catalog query applies). Every condition must hold:
 * <ul>
 *   <li>{@code outcome}: the session's outcome equals it;</li>
 *   <li>{@code since}/{@code until}: on the session's {@code created_at}, {@code since <= created_at < until}
 *       (half-open, so consecutive windows never share a session);</li>
 *   <li>{@code actor.kind}: the session's actor kind;</li>
 *   <li>{@code min_duration_ms}/{@code max_duration_ms}: inclusive bounds on {@code duration_ms}; a session without a
 *       duration does not meet a bound;</li>
 *   <li>{@code tag}: the session carries a tag with that name;</li>
 *   <li>{@code exclude_session_ids}: the session is not listed.</li>
 * </ul>
 */
public final class SessionFilter {
    private final Selection selection;

    public SessionFilter(Selection selection) {
        this.selection = selection;
    }

    public boolean matches(SessionFacts s) {
        return (selection.outcome() == null || selection.outcome() == s.outcome())
                && (selection.since() == null || !s.createdAt().isBefore(selection.since()))
                && (selection.until() == null || s.createdAt().isBefore(selection.until()))
                && (selection.actorKind() == null || selection.actorKind() == s.actorKind())
                && (selection.minDurationMs() == null || (s.durationMs() != null && s.durationMs() >= selection.minDurationMs()))
                && (selection.maxDurationMs() == null || (s.durationMs() != null && s.durationMs() <= selection.maxDurationMs()))
                && (selection.tag() == null || s.tagNames().contains(selection.tag()))
                && !selection.excludeSessionIds().contains(s.id());
    }
}
