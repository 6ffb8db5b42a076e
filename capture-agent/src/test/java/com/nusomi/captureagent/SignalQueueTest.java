package com.nusomi.captureagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void pastTheCapNewSignalsAreDroppedBeforeTheyAreNumberedSoSeqHasNoGap() {
        var queue = new SignalQueue(0, 2);
        assertTrue(queue.add(1, signal("a")));
        assertTrue(queue.add(2, signal("b")));
        assertFalse(queue.add(3, signal("dropped")), "the platform is unreachable and two already wait");
        assertEquals(1, queue.dropped());
        queue.release(10, false);
        queue.acknowledge(2);                  // sent at last: room again
        assertTrue(queue.add(4, signal("c")));
        queue.release(10, true);
        assertEquals("c", queue.peek(10).get(0).get("kind").asText());
        assertEquals(2, queue.peek(10).get(0).get("seq").asLong(), "seq goes on from the last numbered signal");
    }
}
