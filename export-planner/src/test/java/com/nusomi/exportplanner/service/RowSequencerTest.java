package com.nusomi.exportplanner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.avro.Outcome;
import org.junit.jupiter.api.Test;

class RowSequencerTest {
    private static final CatalogRow.Measured SIZES = new CatalogRow.Measured(20, 30, 40, 500, 600);

    private final RowSequencer sequencer = new RowSequencer(new RowSizeEstimator(0, 0));

    @Test
    void linksEachEventToThePreviousEventOfItsSession() {
        var first = sequencer.next(row("ses_A", 100, "evt_1", "frm_1"));
        var second = sequencer.next(row("ses_A", 100, "evt_2", "frm_1"));
        var third = sequencer.next(row("ses_A", 250, "evt_0", "frm_2"));
        var otherSession = sequencer.next(row("ses_B", 5, "evt_9", "frm_7"));

        assertNull(first.ref().getPriorEventId());
        assertEquals("evt_1", second.ref().getPriorEventId());
        assertEquals("evt_2", third.ref().getPriorEventId());
        assertNull(otherSession.ref().getPriorEventId(), "prior_action does not cross sessions");
        assertEquals(Outcome.success, otherSession.ref().getOutcome());
        assertEquals("process_invoice", otherSession.ref().getWorkflow());
    }

    @Test
    void countsRowsActionsSessionsAndDistinctFrames() {
        sequencer.next(row("ses_A", 100, "evt_1", "frm_1"));
        sequencer.next(row("ses_A", 100, "evt_2", "frm_1"));
        sequencer.next(row("ses_A", 250, "evt_3", "frm_2"));
        sequencer.next(row("ses_B", 5, "evt_4", null));

        assertEquals(4, sequencer.rows());
        assertEquals(4, sequencer.actions());
        assertEquals(2, sequencer.frames());
        assertEquals(2, sequencer.sessions());
    }

    @Test
    void thePriorActionCountsInTheSizeOfTheNextRow() {
        var first = sequencer.next(row("ses_A", 100, "evt_1", "frm_1"));
        var second = sequencer.next(row("ses_A", 100, "evt_2", "frm_1"));

        long priorAction = RowSizeEstimator.actionBytes("click", SIZES.payloadBytes());
        assertEquals(first.estimatedBytes() - RowSizeEstimator.NULL_BYTES + priorAction, second.estimatedBytes());
    }

    @Test
    void unmeasuredRowsHaveNoEstimate() {
        var planned = sequencer.next(new CatalogRow("ses_A", "process_invoice", Outcome.success, 1, "evt_1", "click",
                "frm_1", null));

        assertEquals(0, planned.estimatedBytes());
        assertTrue(planned.ref().getFrameId().startsWith("frm_"));
    }

    @Test
    void rejectsRowsOutOfExportOrder() {
        sequencer.next(row("ses_B", 100, "evt_2", "frm_1"));

        assertThrows(IllegalStateException.class, () -> sequencer.next(row("ses_B", 100, "evt_1", "frm_1")));
        assertThrows(IllegalStateException.class, () -> sequencer.next(row("ses_B", 99, "evt_3", "frm_1")));
        assertThrows(IllegalStateException.class, () -> sequencer.next(row("ses_A", 500, "evt_3", "frm_1")));
    }

    private static CatalogRow row(String session, long tMs, String eventId, String frameId) {
        return new CatalogRow(session, "process_invoice", Outcome.success, tMs, eventId, "click", frameId, SIZES);
    }
}
