package com.nusomi.exportplanner.service;

import static com.nusomi.exportplanner.service.Candidates.E1;
import static com.nusomi.exportplanner.service.Candidates.E3;
import static com.nusomi.exportplanner.service.Candidates.F2;
import static com.nusomi.exportplanner.service.Candidates.FACTS;
import static com.nusomi.exportplanner.service.Candidates.SESSION_A;
import static com.nusomi.exportplanner.service.Candidates.SIZES;
import static com.nusomi.exportplanner.service.Candidates.sampling;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.Outcome;
import com.nusomi.contracts.avro.SamplingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RowSequencerTest {

    private static RowSequencer sequencer(SamplingMode mode) {
        return new RowSequencer(new EventGate(null), new FrameSampler(sampling(mode, 100L, true)), new RowSizeEstimator(0, 0));
    }

    @Test
    void numbersRowsAndCountsActionsAndDistinctFrames() {
        var sequencer = sequencer(SamplingMode.all);
        List<PlannedRow> rows = new ArrayList<>();
        SESSION_A.forEach(c -> sequencer.next(c, FACTS).ifPresent(rows::add));

        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), rows.stream().map(PlannedRow::seq).toList());
        assertEquals(5, sequencer.rows());
        assertEquals(3, sequencer.actions());
        assertEquals(5, sequencer.frames());
        assertEquals("process_invoice", rows.getFirst().workflow());
        assertEquals(Outcome.success, rows.getFirst().outcome());
        assertEquals(10, rows.getFirst().tMs(), "an event's row is at the event's t_ms");
        assertEquals(40, rows.get(1).tMs(), "a frame's row is at the frame's t_ms");
    }

    @Test
    void priorActionDoesNotCrossSessions() {
        var sequencer = sequencer(SamplingMode.event_only);
        var other = new SessionFacts("ses_B", "process_invoice", Outcome.error, Instant.EPOCH, ActorKind.model, 1L, Set.of());
        var first = sequencer.next(E1, FACTS).orElseThrow();
        var next = sequencer.next(new Candidate("ses_B", 5, "E7", "click", 1.0, "F7", 0, true, null, null, SIZES), other)
                .orElseThrow();

        assertNull(first.priorEventId());
        assertNull(next.priorEventId());
        assertEquals(Outcome.error, next.outcome());
    }

    @Test
    void twoEventsOnOneFrameCountTheFrameOnce() {
        var sequencer = sequencer(SamplingMode.event_only);
        sequencer.next(Candidates.event("E1", 10, "F1", 0, true, null, 1.0), FACTS);
        sequencer.next(Candidates.event("E2", 12, "F1", 0, true, null, 1.0), FACTS);

        assertEquals(2, sequencer.rows());
        assertEquals(1, sequencer.frames());
    }

    @Test
    void thePriorActionCountsInTheSizeOfTheNextRow() {
        var sequencer = sequencer(SamplingMode.event_only);
        var first = sequencer.next(Candidates.event("E1", 10, "F1", 0, true, null, 1.0), FACTS).orElseThrow();
        var second = sequencer.next(Candidates.event("E2", 10 + 0, "F1", 0, true, null, 1.0), FACTS).orElseThrow();

        long priorAction = RowSizeEstimator.actionBytes("click", SIZES.payloadBytes());
        assertEquals(first.estimatedBytes() - RowSizeEstimator.NULL_BYTES + priorAction, second.estimatedBytes());
    }

    @Test
    void webdatasetRowsCarryTheirImageInTarBlocks() {
        var jsonl = new RowSequencer(new EventGate(null), new FrameSampler(sampling(SamplingMode.event_only, null, true)),
                new RowSizeEstimator(0, 0, ExportFormat.jsonl)).next(E1, FACTS).orElseThrow();
        var tar = new RowSequencer(new EventGate(null), new FrameSampler(sampling(SamplingMode.event_only, null, true)),
                new RowSizeEstimator(0, 0, ExportFormat.webdataset)).next(E1, FACTS).orElseThrow();

        long action = RowSizeEstimator.actionBytes("click", SIZES.payloadBytes());
        assertEquals(3 * 512 + pad(SIZES.imageBytes()) + pad(action) + pad(jsonl.estimatedBytes()), tar.estimatedBytes());
    }

    private static long pad(long bytes) {
        return (bytes + 511) / 512 * 512;
    }

    @Test
    void rejectsCandidatesOutOfExportOrder() {
        var sequencer = sequencer(SamplingMode.all);
        sequencer.next(E3, FACTS);

        assertThrows(IllegalStateException.class, () -> sequencer.next(E1, FACTS));
        assertThrows(IllegalStateException.class, () -> sequencer.next(Candidates.event("E2", 235, "F5", 230, false, 150L, 1.0), FACTS),
                "same t_ms, smaller event id");
        assertThrows(IllegalStateException.class, () -> sequencer.next(Candidates.frame("F9", 235, false, 230L, null), FACTS),
                "at one t_ms a frame's own candidate comes before the events");
        assertThrows(IllegalArgumentException.class, () -> sequencer.next(F2, new SessionFacts("ses_Z", "w", null,
                Instant.EPOCH, ActorKind.human, null, Set.of())));
    }
}
