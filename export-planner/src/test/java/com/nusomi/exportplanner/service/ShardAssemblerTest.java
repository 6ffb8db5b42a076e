package com.nusomi.exportplanner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.avro.ShardRowRef;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class ShardAssemblerTest {

    @Test
    void completesEachShardOnItsLastRow() {
        var assembler = new ShardAssembler(ShardCutter.cut(10, 100, 6, 4, 7, 1));
        var completed = new ArrayList<ShardAssembler.AssembledShard>();

        for (int i = 0; i < 4; i++) {
            assembler.add(row(i)).ifPresent(completed::add);
        }
        assembler.finish();

        assertEquals(2, completed.size());
        assertEquals(0, completed.get(0).index());
        assertEquals(2, completed.get(0).rows().size());
        assertEquals(2L, completed.get(1).rows().get(0).getTMs());
    }

    @Test
    void noticesMissingAndExtraRows() {
        var short1 = new ShardAssembler(ShardCutter.cut(10, 100, 6, 4));
        assertTrue(short1.add(row(0)).isEmpty());
        assertThrows(IllegalStateException.class, short1::finish);

        var long1 = new ShardAssembler(ShardCutter.cut(10, 100, 6));
        long1.add(row(0));
        assertThrows(IllegalStateException.class, () -> long1.add(row(1)));
    }

    private static ShardRowRef row(long tMs) {
        return ShardRowRef.newBuilder().setSessionId("ses_A").setTMs(tMs).setEventId("evt_" + tMs).setWorkflow("wf").build();
    }
}
