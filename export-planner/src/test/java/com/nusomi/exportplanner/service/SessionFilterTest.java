package com.nusomi.exportplanner.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every session filter of SPEC §6, one at a time, at its edges. */
class SessionFilterTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final SessionFacts SESSION = new SessionFacts("ses_A", "process_invoice", Outcome.success, T0,
            ActorKind.human, 5_000L, Set.of("gold", "reviewed"));

    private static Selection filter(Outcome outcome, Instant since, Instant until, ActorKind actorKind, Long minMs,
                                    Long maxMs, String tag, List<String> excluded) {
        return new Selection("wsp_1", T0.plusSeconds(3600), List.of("process_invoice"), outcome, since, until, actorKind,
                minMs, maxMs, tag, excluded, null);
    }

    private static boolean matches(Selection selection) {
        return new SessionFilter(selection).matches(SESSION);
    }

    @Test
    void noFilterTakesEverySession() {
        assertTrue(matches(filter(null, null, null, null, null, null, null, List.of())));
    }

    @Test
    void outcome() {
        assertTrue(matches(filter(Outcome.success, null, null, null, null, null, null, List.of())));
        assertFalse(matches(filter(Outcome.error, null, null, null, null, null, null, List.of())));
    }

    @Test
    void sinceIsInclusiveAndUntilExclusiveOnCreatedAt() {
        assertTrue(matches(filter(null, T0, null, null, null, null, null, List.of())));
        assertFalse(matches(filter(null, T0.plusMillis(1), null, null, null, null, null, List.of())));
        assertFalse(matches(filter(null, null, T0, null, null, null, null, List.of())));
        assertTrue(matches(filter(null, null, T0.plusMillis(1), null, null, null, null, List.of())));
    }

    @Test
    void actorKind() {
        assertTrue(matches(filter(null, null, null, ActorKind.human, null, null, null, List.of())));
        assertFalse(matches(filter(null, null, null, ActorKind.script, null, null, null, List.of())));
    }

    @Test
    void durationBoundsAreInclusive() {
        assertTrue(matches(filter(null, null, null, null, 5_000L, 5_000L, null, List.of())));
        assertFalse(matches(filter(null, null, null, null, 5_001L, null, null, List.of())));
        assertFalse(matches(filter(null, null, null, null, null, 4_999L, null, List.of())));
        var noDuration = new SessionFacts("ses_B", "process_invoice", Outcome.success, T0, ActorKind.human, null, Set.of());
        assertFalse(new SessionFilter(filter(null, null, null, null, 0L, null, null, List.of())).matches(noDuration));
    }

    @Test
    void tagByName() {
        assertTrue(matches(filter(null, null, null, null, null, null, "gold", List.of())));
        assertFalse(matches(filter(null, null, null, null, null, null, "silver", List.of())));
    }

    @Test
    void excludedSessions() {
        assertFalse(matches(filter(null, null, null, null, null, null, null, List.of("ses_A"))));
        assertTrue(matches(filter(null, null, null, null, null, null, null, List.of("ses_B"))));
    }
}
