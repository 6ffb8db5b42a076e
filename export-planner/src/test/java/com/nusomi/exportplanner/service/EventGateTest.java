package com.nusomi.exportplanner.service;

import static com.nusomi.exportplanner.service.Candidates.SESSION_A;
import static com.nusomi.exportplanner.service.Candidates.rows;
import static com.nusomi.exportplanner.service.Candidates.sampling;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.avro.SamplingMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** min_event_confidence: a dropped event is no row's action or prior_action, and its frame follows the sampling. */
class EventGateTest {

    @Test
    void keepsEventsAtOrAboveTheFloor() {
        var gate = new EventGate(0.9);
        assertTrue(gate.keeps(0.9));
        assertTrue(gate.keeps(1.0));
        assertFalse(gate.keeps(0.89));
        assertFalse(gate.keeps(null), "no event at all is never kept");
        assertTrue(new EventGate(null).keeps(0.0));
    }

    @Test
    void aDroppedEventIsNoRowAndNoPriorAction() {
        assertEquals(List.of("F1/E1<-", "F5/E3<E1"), rows(SESSION_A, sampling(SamplingMode.event_only, null, true), 0.9));
    }

    @Test
    void aFrameWhoseOnlyEventIsDroppedFollowsTheSamplingMode() {
        assertEquals(List.of("F1/E1<-", "F2/-<E1", "F3/-<E1", "F4/-<E1", "F5/E3<E1"),
                rows(SESSION_A, sampling(SamplingMode.all, null, true), 0.9), "all: F4 becomes a frame without action");
        assertEquals(List.of("F1/E1<-", "F3/-<E1", "F5/E3<E1"),
                rows(SESSION_A, sampling(SamplingMode.keyframes_only, null, true), 0.9), "keyframes_only: F4 is no keyframe");
        assertEquals(List.of("F1/E1<-", "F3/-<E1", "F4/-<E1", "F5/E3<E1"),
                rows(SESSION_A, sampling(SamplingMode.every_n_ms, 50L, false), 0.9), "every_n_ms: F4 is on the 50 ms cadence");
    }
}
