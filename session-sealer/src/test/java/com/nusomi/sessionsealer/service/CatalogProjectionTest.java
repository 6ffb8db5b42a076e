package com.nusomi.sessionsealer.service;

import static com.nusomi.sessionsealer.SealerKafka.ask;
import static com.nusomi.sessionsealer.SealerKafka.click;
import static com.nusomi.sessionsealer.SealerKafka.command;
import static com.nusomi.sessionsealer.SealerKafka.create;
import static com.nusomi.sessionsealer.SealerKafka.deadLetter;
import static com.nusomi.sessionsealer.SealerKafka.deadLetters;
import static com.nusomi.sessionsealer.SealerKafka.frame;
import static com.nusomi.sessionsealer.SealerKafka.header;
import static com.nusomi.sessionsealer.SealerKafka.send;
import static com.nusomi.sessionsealer.SealerKafka.start;
import static com.nusomi.sessionsealer.SealerKafka.stop;
import static com.nusomi.sessionsealer.SealerKafka.transition;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Topic;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.sessionsealer.Catalog;
import com.nusomi.sessionsealer.SealerKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The frames and events projection: idempotent on ids, closed once a session is sealed. */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class CatalogProjectionTest {

    @Test
    void redeliveredFramesAndEventsChangeNothing() {
        String id = recordingSession();
        var frame = frame(id, 0);
        var event = click(id, frame.getFrameId(), 5);
        send(Topic.CAPTURE_FRAMES, id, frame);
        send(Topic.CAPTURE_FRAMES, id, frame);
        send(Topic.CAPTURE_FRAMES, id, frame(id, 0)); // another frame id at a stored t_ms: tolerated, not stored
        send(Topic.EVENTS, id, event);
        send(Topic.EVENTS, id, event);
        // records after the duplicates on the same partition: once they are in, the duplicates were handled
        send(Topic.CAPTURE_FRAMES, id, frame(id, 40));
        send(Topic.EVENTS, id, click(id, frame.getFrameId(), 6));

        await().atMost(SealerKafka.WAIT).until(() -> Catalog.count("frames", id) == 2 && Catalog.count("events", id) == 2);
        var row = Catalog.session(id).orElseThrow();
        assertEquals(2L, row.get("frame_count"));
        assertEquals(2L, row.get("event_count"));
        assertEquals(0, deadLetters(Topic.CAPTURE_FRAMES).byKeyUpToNow(id).size());
        assertEquals(0, deadLetters(Topic.EVENTS).byKeyUpToNow(id).size());
    }

    @Test
    void aSealedSessionTakesNoNewFramesOrEventsButRedeliveriesAreNoOps() {
        String id = recordingSession();
        var frame = frame(id, 0);
        send(Topic.CAPTURE_FRAMES, id, frame);
        var event = SealerKafka.click(id, frame.getFrameId(), 5);
        send(Topic.EVENTS, id, event);
        await().atMost(SealerKafka.WAIT).until(() -> Catalog.count("events", id) == 1);
        assertTrue(ask(command(id, stop())).getOk());
        transition(id, "sealed");
        var sealedRow = Catalog.session(id).orElseThrow();

        send(Topic.CAPTURE_FRAMES, id, frame); // redeliveries of stored records: nothing happens
        send(Topic.EVENTS, id, event);
        var late = frame(id, 900);
        send(Topic.CAPTURE_FRAMES, id, late);
        send(Topic.EVENTS, id, SealerKafka.click(id, frame.getFrameId(), 950));

        var dead = deadLetter(Topic.CAPTURE_FRAMES, id);
        assertTrue(header(dead, Topic.DLQ_REASON_HEADER).contains("sealed session " + id), header(dead, Topic.DLQ_REASON_HEADER));
        var deadEvent = deadLetter(Topic.EVENTS, id);
        assertTrue(header(deadEvent, Topic.DLQ_REASON_HEADER).contains("sealed session " + id),
                header(deadEvent, Topic.DLQ_REASON_HEADER));
        assertEquals(1, deadLetters(Topic.CAPTURE_FRAMES).byKeyUpToNow(id).size(), "only the late frame is dead-lettered");
        assertEquals(1, deadLetters(Topic.EVENTS).byKeyUpToNow(id).size(), "only the late event is dead-lettered");
        assertEquals(1, Catalog.count("frames", id));
        assertEquals(1, Catalog.count("events", id));
        assertEquals(sealedRow, Catalog.session(id).orElseThrow(), "a sealed session's row does not change");
    }

    private static String recordingSession() {
        String id = IdPrefix.SESSION.newId();
        ask(command(id, create()));
        ask(command(id, start()));
        return id;
    }
}
