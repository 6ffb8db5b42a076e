package com.nusomi.shardwriter.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.shardwriter.format.ShardRow;
import com.nusomi.shardwriter.persistence.CatalogEvent;
import com.nusomi.shardwriter.persistence.CatalogFrame;
import com.nusomi.shardwriter.persistence.PlanRow;
import org.junit.jupiter.api.Test;

class RowAssemblerTest {
    private static final CatalogFrame FRAME = new CatalogFrame("frm_1", "ses_1", 100, "nusomi", "frames/ab.webp", "ab",
            "{\"h\": 900, \"w\": 1440}", null, null);
    private static final CatalogEvent CLICK = new CatalogEvent("evt_1", "ses_1", "frm_1", 100, "click", "{\"x\": 1, \"y\": 2}");
    private static final CatalogEvent SUBMIT = new CatalogEvent("evt_2", "ses_1", "frm_1", 120, "submit", "{}");

    @Test
    void joinsFrameEventAndPriorEvent() {
        ShardRow row = RowAssembler.assemble(row("frm_1", FRAME, "evt_2", SUBMIT, "evt_1", CLICK),
                image -> "s3://dest/" + image.exportName());

        assertEquals("s3://dest/frames/ab.webp", row.frame().imageUrl());
        assertEquals(1440, row.frame().viewport().get("w").asInt());
        assertEquals("submit", row.action().type());
        assertEquals("click", row.context().priorAction().type());
        assertEquals(2, row.context().priorAction().payload().get("y").asInt());
        assertEquals("success", row.context().outcome());
    }

    @Test
    void aRowThePlannerFoundNoFrameForHasFrameNull() {
        ShardRow row = RowAssembler.assemble(row(null, null, "evt_1", CLICK, null, null), i -> "x");

        assertNull(row.frame());
        assertTrue(row.hasAction());
    }

    @Test
    void anEventDeletedSincePlanningFailsTheShard() {
        var failure = assertThrows(ShardFailedException.class,
                () -> RowAssembler.assemble(row("frm_1", FRAME, "evt_9", null, null, null), i -> "x"));

        assertTrue(failure.getMessage().contains("evt_9"), failure.getMessage());
    }

    @Test
    void aFrameDeletedSincePlanningFailsTheShard() {
        var failure = assertThrows(ShardFailedException.class,
                () -> RowAssembler.assemble(row("frm_9", null, "evt_1", CLICK, null, null), i -> "x"));

        assertTrue(failure.getMessage().contains("frm_9"), failure.getMessage());
    }

    @Test
    void aFrameWithoutAnEventHasActionNull() {
        ShardRow row = RowAssembler.assemble(row("frm_1", FRAME, null, null, "evt_1", CLICK), i -> "x");

        assertNull(row.action());
        assertEquals("click", row.context().priorAction().type());
    }

    private static PlanRow row(String frameId, CatalogFrame frame, String eventId, CatalogEvent event, String priorId,
                               CatalogEvent prior) {
        return new PlanRow(0, "ses_1", 100, "process_invoice", "success", frameId, frame, eventId, event, priorId, prior);
    }
}
