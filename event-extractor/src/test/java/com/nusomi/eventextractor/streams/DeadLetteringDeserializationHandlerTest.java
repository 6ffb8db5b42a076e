package com.nusomi.eventextractor.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Topic;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.kit.kafka.DeadLetterQueue;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Poison records on either input land, byte for byte, in its dead-letter topic and the next good record still flows. */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class DeadLetteringDeserializationHandlerTest {
    private KafkaTestClients kafka;

    @BeforeEach
    void clients() {
        kafka = new KafkaTestClients();
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void randomBytesOnSignalsAreDeadLetteredAndTheNextSignalBecomesAnEvent() {
        var session = IdPrefix.SESSION.newId();
        var frame = kafka.frame(session, 0);
        var poison = randomBytes();

        kafka.raw(Topic.CAPTURE_SIGNALS.topicName(), session, poison);
        var good = kafka.sdkEvent(session, 20, null);

        var dead = kafka.deadLetters(Topic.CAPTURE_SIGNALS.dlqName(), session, 1).getFirst();
        assertArrayEquals(poison, dead.value());
        assertTrue(header(dead, Topic.DLQ_REASON_HEADER).contains("Exception"), header(dead, Topic.DLQ_REASON_HEADER));
        assertEquals("event-extractor", header(dead, Topic.DLQ_CONSUMER_HEADER));
        assertEquals(Topic.CAPTURE_SIGNALS.topicName(), header(dead, DeadLetterQueue.ORIGIN_TOPIC_HEADER));
        var event = kafka.events(session, 1).getFirst();
        assertEquals(good, event.getEventId());
        assertEquals(frame, event.getFrameId());
    }

    @Test
    void aTombstoneOnSignalsIsDeadLetteredWithItsReason() {
        var session = IdPrefix.SESSION.newId();

        kafka.raw(Topic.CAPTURE_SIGNALS.topicName(), session, null);
        var frame = kafka.frame(session, 0);
        var good = kafka.sdkEvent(session, 5, null);

        var dead = kafka.deadLetters(Topic.CAPTURE_SIGNALS.dlqName(), session, 1).getFirst();
        assertNull(dead.value());
        assertTrue(header(dead, Topic.DLQ_REASON_HEADER).contains("tombstone"), header(dead, Topic.DLQ_REASON_HEADER));
        var event = kafka.events(session, 1).getFirst();
        assertEquals(good, event.getEventId());
        assertEquals(frame, event.getFrameId());
    }

    @Test
    void randomBytesOnFramesAreDeadLetteredAndTheNextFrameStillAnchors() {
        var session = IdPrefix.SESSION.newId();
        var poison = randomBytes();

        kafka.raw(Topic.CAPTURE_FRAMES.topicName(), session, poison);
        var frame = kafka.frame(session, 0);
        var good = kafka.sdkEvent(session, 7, null);

        var dead = kafka.deadLetters(Topic.CAPTURE_FRAMES.dlqName(), session, 1).getFirst();
        assertArrayEquals(poison, dead.value());
        assertNotNull(header(dead, Topic.DLQ_REASON_HEADER));
        var event = kafka.events(session, 1).getFirst();
        assertEquals(good, event.getEventId());
        assertEquals(frame, event.getFrameId());
    }

    private static byte[] randomBytes() {
        var bytes = new byte[64];
        new Random().nextBytes(bytes);
        bytes[0] = 0x7f; // never the registry serde's magic byte
        return bytes;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
