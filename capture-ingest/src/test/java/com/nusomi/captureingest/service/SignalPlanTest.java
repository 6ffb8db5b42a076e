package com.nusomi.captureingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.kit.api.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignalPlanTest {

    private static SignalPlan plan(SignalPlan.Candidate... candidates) {
        return new SignalPlan(List.of(candidates));
    }

    @Test
    void newSignalsGetFreshIdsAndMayShareATMs() {
        var reserved = plan(new SignalPlan.Candidate(0, 0, 10, "key"), new SignalPlan.Candidate(1, 1, 10, "value_change"))
                .decide(Map.of(), Optional.empty());
        assertEquals(2, reserved.size());
        assertTrue(reserved.stream().allMatch(SignalPlan.Reserved::fresh));
        assertTrue(IdPrefix.SIGNAL.matches(reserved.get(0).entry().signalId()));
    }

    @Test
    void aResentSignalIsAnsweredFromTheLogAndOnlyRepublishedWhilePending() {
        var published = new SignalPlan.Entry(4, IdPrefix.SIGNAL.newId(), 100, "key", true);
        var pending = new SignalPlan.Entry(5, IdPrefix.SIGNAL.newId(), 120, "key", false);
        var reserved = plan(new SignalPlan.Candidate(0, 4, 100, "key"), new SignalPlan.Candidate(1, 5, 120, "key"),
                new SignalPlan.Candidate(2, 6, 130, "pointer_down"))
                .decide(Map.of(4L, published, 5L, pending), Optional.of(pending));
        assertEquals(published, reserved.get(0).entry());
        assertFalse(reserved.get(0).needsDelivery());
        assertEquals(pending, reserved.get(1).entry());
        assertTrue(reserved.get(1).needsDelivery());
        assertTrue(reserved.get(2).fresh());
    }

    @Test
    void aStoredSeqWithAnotherSignalIsAConflict() {
        var stored = new SignalPlan.Entry(4, IdPrefix.SIGNAL.newId(), 100, "key", true);
        var e = assertThrows(ApiException.class, () -> plan(new SignalPlan.Candidate(0, 4, 101, "key"))
                .decide(Map.of(4L, stored), Optional.of(stored)));
        assertEquals(409, e.httpStatus());
        assertEquals("signals[0].seq", e.param());
    }

    @Test
    void tMsNeverGoesBackwardsAcrossUploads() {
        var last = new SignalPlan.Entry(9, IdPrefix.SIGNAL.newId(), 500, "key", true);
        var e = assertThrows(ApiException.class, () -> plan(new SignalPlan.Candidate(0, 10, 499, "key"))
                .decide(Map.of(), Optional.of(last)));
        assertEquals(400, e.httpStatus());
        assertEquals("signals[0].t_ms", e.param());
        assertTrue(plan(new SignalPlan.Candidate(0, 10, 500, "key")).decide(Map.of(), Optional.of(last)).get(0).fresh());
    }

    @Test
    void aNewSeqBelowTheLastStoredIsRefused() {
        var last = new SignalPlan.Entry(9, IdPrefix.SIGNAL.newId(), 500, "key", true);
        var e = assertThrows(ApiException.class, () -> plan(new SignalPlan.Candidate(0, 3, 600, "key"))
                .decide(Map.of(), Optional.of(last)));
        assertEquals("signals[0].seq", e.param());
    }
}
