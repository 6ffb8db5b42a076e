package com.nusomi.exportplanner.service;

import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.FrameSampling;
import com.nusomi.contracts.avro.Outcome;
import com.nusomi.contracts.avro.SamplingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One session's frames and events as the catalog query returns them, for the pure planning rules:
 * <pre>
 *   frame  t_ms  keyframe  events (confidence)
 *   F1        0  yes       E1 at 10 (1.0)
 *   F2       40  no        —
 *   F3      120  yes       —
 *   F4      150  no        E2 at 160 (0.5)
 *   F5      230  no        E3 at 235 (1.0)
 * </pre>
 */
final class Candidates {
    static final String SESSION = "ses_A";
    static final SessionFacts FACTS = new SessionFacts(SESSION, "process_invoice", Outcome.success,
            Instant.parse("2026-03-01T10:00:00Z"), ActorKind.human, 5000L, Set.of());
    static final Candidate.Sizes SIZES = new Candidate.Sizes(20, 1000, 64, 40, 500, 600);

    static final Candidate F1 = frame("F1", 0, true, null, 1.0);
    static final Candidate E1 = event("E1", 10, "F1", 0, true, null, 1.0);
    static final Candidate F2 = frame("F2", 40, false, 0L, null);
    static final Candidate F3 = frame("F3", 120, true, 40L, null);
    static final Candidate F4 = frame("F4", 150, false, 120L, 0.5);
    static final Candidate E2 = event("E2", 160, "F4", 150, false, 120L, 0.5);
    static final Candidate F5 = frame("F5", 230, false, 150L, 1.0);
    static final Candidate E3 = event("E3", 235, "F5", 230, false, 150L, 1.0);
    static final List<Candidate> SESSION_A = List.of(F1, E1, F2, F3, F4, E2, F5, E3);

    private Candidates() {}

    static Candidate frame(String id, long tMs, boolean keyframe, Long previousTMs, Double maxConfidence) {
        return new Candidate(SESSION, tMs, null, null, null, id, tMs, keyframe, previousTMs, maxConfidence, SIZES);
    }

    static Candidate event(String id, long tMs, String frameId, long frameTMs, boolean keyframe, Long previousTMs,
                           double confidence) {
        return new Candidate(SESSION, tMs, id, "click", confidence, frameId, frameTMs, keyframe, previousTMs, null, SIZES);
    }

    static FrameSampling sampling(SamplingMode mode, Long intervalMs, boolean keepActionFrames) {
        return FrameSampling.newBuilder().setMode(mode).setIntervalMs(intervalMs).setKeepActionFrames(keepActionFrames).build();
    }

    /** The rows of {@code candidates} as "frame/event<prior" strings, e.g. {@code F5/E3<E1}, {@code F2/-<E1}. */
    static List<String> rows(List<Candidate> candidates, FrameSampling sampling, Double minConfidence) {
        var sequencer = new RowSequencer(new EventGate(minConfidence), new FrameSampler(sampling),
                new RowSizeEstimator(0, 0));
        List<String> rows = new ArrayList<>();
        for (Candidate c : candidates) {
            sequencer.next(c, FACTS).ifPresent(r -> rows.add(r.frameId() + "/" + (r.eventId() == null ? "-" : r.eventId())
                    + "<" + (r.priorEventId() == null ? "-" : r.priorEventId())));
        }
        return rows;
    }
}
