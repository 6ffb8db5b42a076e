package com.nusomi.shardwriter.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.avro.Outcome;
import com.nusomi.contracts.avro.ShardRowRef;
import com.nusomi.shardwriter.format.ShardRow;
import com.nusomi.shardwriter.persistence.CatalogEvent;
import com.nusomi.shardwriter.persistence.CatalogFrame;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowAssemblerTest {
    private static final CatalogFrame FRAME = new CatalogFrame("frm_1", "ses_1", 100, "nusomi", "frames/ab.webp", "ab",
            "{\"h\": 900, \"w\": 1440}", null, null);
    private static final CatalogEvent CLICK = new CatalogEvent("evt_1", "ses_1", "frm_1", 100, "click", "{\"x\": 1, \"y\": 2}");
    private static final CatalogEvent SUBMIT = new CatalogEvent("evt_2", "ses_1", "frm_1", 120, "submit", "{}");

    @Test
    void joinsFrameEventAndPriorEvent() {
        ShardRow row = RowAssembler.assemble(ref("frm_1", "evt_2", "evt_1"), Map.of("frm_1", FRAME),
                Map.of("evt_1", CLICK, "evt_2", SUBMIT), image -> "s3://dest/" + image.exportName());

        assertEquals("s3://dest/frames/ab.webp", row.frame().imageUrl());
        assertEquals(1440, row.frame().viewport().get("w").asInt());
        assertEquals("submit", row.action().type());
        assertEquals("click", row.context().priorAction().type());
        assertEquals(2, row.context().priorAction().payload().get("y").asInt());
        assertEquals("success", row.context().outcome());
    }

    @Test
    void aRowThePlannerFoundNoFrameForHasFrameNull() {
        ShardRow row = RowAssembler.assemble(ref(null, "evt_1", null), Map.of(), Map.of("evt_1", CLICK), i -> "x");

        assertNull(row.frame());
        assertTrue(row.hasAction());
    }

    @Test
    void anEventDeletedSincePlanningFailsTheShard() {
        var failure = assertThrows(ShardFailedException.class,
                () -> RowAssembler.assemble(ref("frm_1", "evt_9", null), Map.of("frm_1", FRAME), Map.of(), i -> "x"));

        assertTrue(failure.getMessage().contains("evt_9"), failure.getMessage());
    }

    private static ShardRowRef ref(String frameId, String eventId, String priorEventId) {
        return ShardRowRef.newBuilder().setSessionId("ses_1").setTMs(100).setFrameId(frameId).setEventId(eventId)
                .setPriorEventId(priorEventId).setWorkflow("process_invoice").setOutcome(Outcome.success).build();
    }
}
