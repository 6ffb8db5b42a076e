package com.nusomi.captureingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.IdPrefix;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IndexPlanTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @Test
    void firstFramesOfASessionAreNewAndKeyframesWhenTheImageChanges() {
        var plan = new IndexPlan(List.of(new IndexPlan.Candidate(0, 0, A), new IndexPlan.Candidate(1, 40, A),
                new IndexPlan.Candidate(2, 80, B)));

        var reserved = plan.decide(Map.of(), Optional.empty());

        assertEquals(3, reserved.size());
        assertTrue(reserved.stream().allMatch(IndexPlan.Reserved::fresh));
        assertTrue(reserved.stream().allMatch(r -> IdPrefix.FRAME.matches(r.entry().frameId())));
        assertEquals(List.of(true, false, true), reserved.stream().map(r -> r.entry().keyframe()).toList());
        assertEquals(List.of(0L, 40L, 80L), reserved.stream().map(r -> r.entry().tMs()).toList());
    }

    @Test
    void keyframeComparesWithTheSessionsLastStoredFrame() {
        var last = new IndexPlan.Entry(100, "frm_last", A, true, true);
        var reserved = new IndexPlan(List.of(new IndexPlan.Candidate(0, 140, A), new IndexPlan.Candidate(1, 180, B)))
                .decide(Map.of(), Optional.of(last));

        assertFalse(reserved.get(0).entry().keyframe());
        assertTrue(reserved.get(1).entry().keyframe());
    }

    @Test
    void aStoredFrameWithTheSameImageIsReturnedAsStored() {
        var stored = new IndexPlan.Entry(100, "frm_stored", A, true, true);
        var reserved = new IndexPlan(List.of(new IndexPlan.Candidate(0, 100, A), new IndexPlan.Candidate(1, 200, A)))
                .decide(Map.of(100L, stored), Optional.of(stored));

        assertSame(stored, reserved.get(0).entry());
        assertFalse(reserved.get(0).fresh());
        assertFalse(reserved.get(0).needsDelivery());
        assertTrue(reserved.get(1).fresh());
        assertFalse(reserved.get(1).entry().keyframe());
    }

    @Test
    void aRetryIsRecognisedByTheBytesSentNotByTheMaskedBytesStored() {
        // first attempt: received B, stored A (masked); the retry is masked under changed rules: received B, stored B
        var stored = new IndexPlan.Entry(100, "frm_stored", A, B, true, true, null);
        var retry = new IndexPlan(List.of(new IndexPlan.Candidate(0, 100, B, B, null))).decide(Map.of(100L, stored), Optional.of(stored));
        assertSame(stored, retry.get(0).entry());
        assertFalse(retry.get(0).fresh());

        var other = new IndexPlan(List.of(new IndexPlan.Candidate(0, 100, A, A, null)));
        var refused = assertThrows(UploadRejectedException.class, () -> other.decide(Map.of(100L, stored), Optional.of(stored)),
                "another image sent at a stored t_ms, even one whose masked bytes happen to equal the stored ones");
        assertEquals(409, refused.httpStatus());
    }

    @Test
    void aPendingStoredFrameIsDeliveredAgain() {
        var pending = new IndexPlan.Entry(100, "frm_pending", A, true, false);
        var reserved = new IndexPlan(List.of(new IndexPlan.Candidate(0, 100, A))).decide(Map.of(100L, pending), Optional.of(pending));

        assertFalse(reserved.get(0).fresh());
        assertTrue(reserved.get(0).needsDelivery());
        assertEquals("frm_pending", reserved.get(0).entry().frameId());
    }

    @Test
    void anotherImageAtAStoredTMsIsAConflict() {
        var stored = new IndexPlan.Entry(100, "frm_stored", A, true, true);
        var e = assertThrows(UploadRejectedException.class, () -> new IndexPlan(List.of(
                new IndexPlan.Candidate(0, 100, A), new IndexPlan.Candidate(1, 150, B)))
                .decide(Map.of(100L, stored, 150L, new IndexPlan.Entry(150, "frm_x", A, false, true)), Optional.of(stored)));

        assertEquals(409, e.httpStatus());
        assertEquals("metadata.frames[1].t_ms", e.param());
        assertEquals(RejectReason.T_MS_CONFLICT, e.reason());
    }

    @Test
    void aNewFrameAtOrBelowTheLastStoredTMsIsRefused() {
        var last = new IndexPlan.Entry(100, "frm_last", A, true, true);
        var e = assertThrows(UploadRejectedException.class, () -> new IndexPlan(List.of(new IndexPlan.Candidate(0, 60, B)))
                .decide(Map.of(), Optional.of(last)));

        assertEquals(400, e.httpStatus());
        assertEquals("metadata.frames[0].t_ms", e.param());
        assertEquals(RejectReason.T_MS_ORDER, e.reason());
    }
}
