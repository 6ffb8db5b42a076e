package com.nusomi.exportplanner.service;

import static com.nusomi.exportplanner.service.Candidates.SESSION_A;
import static com.nusomi.exportplanner.service.Candidates.rows;
import static com.nusomi.exportplanner.service.Candidates.sampling;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.avro.SamplingMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every sampling mode, with and without keep_action_frames, over the session of {@link Candidates}. */
class FrameSamplerTest {

    @Test
    void eventOnlyGivesOneRowPerEventWithItsFrame() {
        assertEquals(List.of("F1/E1<-", "F4/E2<E1", "F5/E3<E2"),
                rows(SESSION_A, sampling(SamplingMode.event_only, null, true), null));
        assertEquals(List.of("F1/E1<-", "F4/E2<E1", "F5/E3<E2"),
                rows(SESSION_A, sampling(SamplingMode.event_only, null, false), null),
                "event_only keeps its event frames whatever keep_action_frames says");
    }

    @Test
    void allGivesEveryFrameOnceAFrameWithEventsThroughItsEvents() {
        assertEquals(List.of("F1/E1<-", "F2/-<E1", "F3/-<E1", "F4/E2<E1", "F5/E3<E2"),
                rows(SESSION_A, sampling(SamplingMode.all, null, true), null));
        assertEquals(rows(SESSION_A, sampling(SamplingMode.all, null, true), null),
                rows(SESSION_A, sampling(SamplingMode.all, null, false), null));
    }

    @Test
    void keyframesOnlyAddsActionFramesOnlyWhenAsked() {
        assertEquals(List.of("F1/E1<-", "F3/-<E1", "F4/E2<E1", "F5/E3<E2"),
                rows(SESSION_A, sampling(SamplingMode.keyframes_only, null, true), null));
        assertEquals(List.of("F1/E1<-", "F3/-<E1"),
                rows(SESSION_A, sampling(SamplingMode.keyframes_only, null, false), null),
                "without keep_action_frames an event on a non-keyframe has no row, but stays the next prior_action");
    }

    @Test
    void everyNMsTakesTheFirstFrameOfEachWindow() {
        // windows of 100 ms: [0,100) F1 F2, [100,200) F3 F4, [200,300) F5
        assertEquals(List.of("F1/E1<-", "F3/-<E1", "F5/E3<E2"),
                rows(SESSION_A, sampling(SamplingMode.every_n_ms, 100L, false), null));
        assertEquals(List.of("F1/E1<-", "F3/-<E1", "F4/E2<E1", "F5/E3<E2"),
                rows(SESSION_A, sampling(SamplingMode.every_n_ms, 100L, true), null));
        // windows of 50 ms: F1 [0,50), F2 same window, F3 [100,150), F4 [150,200), F5 [200,250)
        assertEquals(List.of("F1/E1<-", "F3/-<E1", "F4/E2<E1", "F5/E3<E2"),
                rows(SESSION_A, sampling(SamplingMode.every_n_ms, 50L, false), null));
    }

    @Test
    void theCadenceDependsOnTheFrameAndTheOneBeforeIt() {
        assertTrue(FrameSampler.onCadence(0, null, 100));
        assertFalse(FrameSampler.onCadence(99, 0L, 100));
        assertTrue(FrameSampler.onCadence(100, 99L, 100));
        assertTrue(FrameSampler.onCadence(350, 120L, 100), "a gap longer than a window still yields one frame");
        assertFalse(FrameSampler.onCadence(199, 101L, 100));
    }

    @Test
    void anEventWhoseFrameIsNotInTheCatalogIsKeptOnlyAsAnActionFrame() {
        var orphan = new Candidate(Candidates.SESSION, 500, "E9", "click", 1.0, null, 0, false, null, null,
                Candidate.Sizes.NONE);
        var candidates = List.of(orphan);

        assertEquals(List.of("null/E9<-"), rows(candidates, sampling(SamplingMode.event_only, null, false), null));
        assertEquals(List.of("null/E9<-"), rows(candidates, sampling(SamplingMode.all, null, true), null));
        assertEquals(List.of(), rows(candidates, sampling(SamplingMode.all, null, false), null));
        assertEquals(List.of(), rows(candidates, sampling(SamplingMode.keyframes_only, null, false), null));
    }

    @Test
    void everyNMsNeedsAnInterval() {
        assertThrows(IllegalArgumentException.class, () -> new FrameSampler(sampling(SamplingMode.every_n_ms, null, true)));
        assertFalse(new FrameSampler(sampling(SamplingMode.event_only, null, true)).needsFrameCandidates());
        assertTrue(new FrameSampler(sampling(SamplingMode.keyframes_only, null, true)).needsFrameCandidates());
    }
}
