package com.nusomi.sessionsealer.listener;

import static com.nusomi.sessionsealer.SealerKafka.ask;
import static com.nusomi.sessionsealer.SealerKafka.click;
import static com.nusomi.sessionsealer.SealerKafka.command;
import static com.nusomi.sessionsealer.SealerKafka.create;
import static com.nusomi.sessionsealer.SealerKafka.deadLetter;
import static com.nusomi.sessionsealer.SealerKafka.frame;
import static com.nusomi.sessionsealer.SealerKafka.header;
import static com.nusomi.sessionsealer.SealerKafka.send;
import static com.nusomi.sessionsealer.SealerKafka.start;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Topic;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.sessionsealer.Catalog;
import com.nusomi.sessionsealer.SealerKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Poison on the projected topics goes to their dead-letter topics and the projections carry on. */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class ProjectionListenersTest {

    @Test
    void poisonFramesAreDeadLetteredAndTheNextFrameIsProjected() {
        String id = recordingSession();
        SealerKafka.sendRaw(Topic.CAPTURE_FRAMES, id, SealerKafka.garbage());
        String stranger = IdPrefix.SESSION.newId();
        send(Topic.CAPTURE_FRAMES, stranger, frame(stranger, 0));
        send(Topic.CAPTURE_FRAMES, id, frame(id, 0));

        await().atMost(SealerKafka.WAIT).until(() -> Catalog.count("frames", id) == 1);
        var undecodable = deadLetter(Topic.CAPTURE_FRAMES, id);
        assertArrayEquals(SealerKafka.garbage(), undecodable.value());
        assertNotNull(header(undecodable, Topic.DLQ_REASON_HEADER));
        assertEquals("session-sealer-frames", header(undecodable, Topic.DLQ_CONSUMER_HEADER));
        var unknown = deadLetter(Topic.CAPTURE_FRAMES, stranger);
        assertTrue(header(unknown, Topic.DLQ_REASON_HEADER).contains("unknown session " + stranger));
    }

    @Test
    void poisonEventsAreDeadLetteredAndTheNextEventIsProjected() {
        String id = recordingSession();
        var frame = frame(id, 0);
        send(Topic.CAPTURE_FRAMES, id, frame);
        SealerKafka.sendRaw(Topic.EVENTS, id, SealerKafka.garbage());
        var mistyped = click(id, frame.getFrameId(), 1);
        mistyped.setType(com.nusomi.contracts.avro.EventType.submit); // a click payload under another type
        send(Topic.EVENTS, id, mistyped);
        send(Topic.EVENTS, id, click(id, frame.getFrameId(), 2));

        await().atMost(SealerKafka.WAIT).until(() -> Catalog.count("events", id) == 1);
        await().atMost(SealerKafka.WAIT).until(() -> SealerKafka.deadLetters(Topic.EVENTS).byKeyUpToNow(id).size() == 2);
        var dead = SealerKafka.deadLetters(Topic.EVENTS).byKeyUpToNow(id);
        assertArrayEquals(SealerKafka.garbage(), dead.get(0).value());
        assertTrue(header(dead.get(1), Topic.DLQ_REASON_HEADER).contains("carries a click payload"));
        assertEquals("session-sealer-events", header(dead.get(1), Topic.DLQ_CONSUMER_HEADER));
    }

    private static String recordingSession() {
        String id = IdPrefix.SESSION.newId();
        ask(command(id, create()));
        ask(command(id, start()));
        return id;
    }
}
