package com.nusomi.captureagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.captureagent.record.SignalQueue;
import org.junit.jupiter.api.Test;

class SignalQueueTest {

    private static ObjectNode signal(String kind) {
        return JsonNodeFactory.instance.objectNode().put("kind", kind);
    }

    @Test
    void signalsFromTwoTabsLeaveInTMsOrderNumberedFromZero() {
        var queue = new SignalQueue(100);
        queue.add(50, signal("b"));
        queue.add(40, signal("a"));   // another tab, earlier, arrived later
        queue.add(400, signal("c"));
        queue.release(200, false);    // c is younger than the hold-back
        var batch = queue.peek(10);
        assertEquals(2, batch.size());
        assertEquals("a", batch.get(0).get("kind").asText());
        assertEquals(0, batch.get(0).get("seq").asLong());
        assertEquals(1, batch.get(1).get("seq").asLong());
        queue.acknowledge(2);
        queue.release(200, true);
        assertEquals("c", queue.peek(10).get(0).get("kind").asText());
        assertEquals(2, queue.peek(10).get(0).get("seq").asLong());
    }

    @Test
    void aLateSignalIsMovedUpSoTMsNeverGoesBackwards() {
        var queue = new SignalQueue(100);
        queue.add(500, signal("a"));
        queue.release(1000, false);
        queue.add(300, signal("late"));
        queue.release(1000, false);
        var batch = queue.peek(10);
        assertEquals(500, batch.get(1).get("t_ms").asLong());
        queue.acknowledge(2);
        assertTrue(queue.isEmpty());
    }
}
