package com.nusomi.sessionsealer.service;

import static com.nusomi.sessionsealer.SealerKafka.ask;
import static com.nusomi.sessionsealer.SealerKafka.click;
import static com.nusomi.sessionsealer.SealerKafka.command;
import static com.nusomi.sessionsealer.SealerKafka.create;
import static com.nusomi.sessionsealer.SealerKafka.error;
import static com.nusomi.sessionsealer.SealerKafka.frame;
import static com.nusomi.sessionsealer.SealerKafka.send;
import static com.nusomi.sessionsealer.SealerKafka.start;
import static com.nusomi.sessionsealer.SealerKafka.stop;
import static com.nusomi.sessionsealer.SealerKafka.success;
import static com.nusomi.sessionsealer.SealerKafka.transition;
import static com.nusomi.sessionsealer.SealerKafka.transitions;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.EventType;
import com.nusomi.contracts.avro.InputTextPayload;
import com.nusomi.contracts.avro.Outcome;
import com.nusomi.contracts.avro.SessionLifecycle;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.sessionsealer.Catalog;
import com.nusomi.sessionsealer.ExtractorStandIn;
import com.nusomi.sessionsealer.SealerKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Stop → watermark → seal, driven only through Kafka records, checked on the lifecycle topic and in the catalog. */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class SealServiceTest {
    @Inject
    ExtractorStandIn extractor;

    @Test
    void sealsASuccessfulSessionWithItsCountsOutcomeAndDuration() {
        String id = recordingSession();
        var f1 = frame(id, 0);
        var f2 = frame(id, 100);
        var f3 = frame(id, 250);
        List.of(f1, f2, f3).forEach(f -> send(Topic.CAPTURE_FRAMES, id, f));
        send(Topic.EVENTS, id, click(id, f2.getFrameId(), 100));
        send(Topic.EVENTS, id, success(id, f3.getFrameId(), 250));

        var stopped = ask(command(id, stop())); // sent right away: the reply waits for the frames sent before it
        assertTrue(stopped.getOk(), () -> stopped.getErrorCode() + " " + stopped.getErrorMessage());
        assertEquals(SessionStatus.stopped, stopped.getSession().getStatus());
        assertEquals(3, stopped.getSession().getFrameCount());
        assertNotNull(stopped.getSession().getStoppedAt());

        SessionLifecycle sealed = transition(id, "sealed");
        assertEquals(SessionStatus.stopped, sealed.getFromStatus());
        var snapshot = sealed.getSession();
        assertEquals(SessionStatus.sealed, snapshot.getStatus());
        assertEquals(Outcome.success, snapshot.getOutcome());
        assertEquals(3, snapshot.getFrameCount());
        assertEquals(2, snapshot.getEventCount());
        assertEquals(250L, snapshot.getDurationMs());
        assertNotNull(snapshot.getSealedAt());
        assertEquals(List.of(SessionStatus.created, SessionStatus.recording, SessionStatus.stopped, SessionStatus.sealed),
                transitions(id).stream().map(SessionLifecycle::getToStatus).toList());

        var row = Catalog.awaitSession(id, "sealed");
        assertEquals("success", row.get("outcome"));
        assertEquals(3L, row.get("frame_count"));
        assertEquals(2L, row.get("event_count"));
        assertEquals(250L, row.get("duration_ms"));
        assertTrue(row.get("stop_watermark").toString().contains("\"events\""));
    }

    @Test
    void anErrorThatEndsTheSessionMakesItsOutcomeErrorEvenFromATransactionalProducer() throws Exception {
        String id = recordingSession();
        var f1 = frame(id, 0);
        var f2 = frame(id, 300);
        send(Topic.CAPTURE_FRAMES, id, f1);
        send(Topic.CAPTURE_FRAMES, id, f2);
        try (var extractorLike = SealerKafka.transactionalProducer()) {
            extractorLike.beginTransaction();
            extractorLike.send(new ProducerRecord<>(Topic.EVENTS.topicName(), id, success(id, f1.getFrameId(), 100)));
            extractorLike.send(new ProducerRecord<>(Topic.EVENTS.topicName(), id, error(id, f2.getFrameId(), 300)));
            extractorLike.commitTransaction(); // leaves a commit marker after the events: the seal must step over it
        }

        assertTrue(ask(command(id, stop())).getOk());
        var snapshot = transition(id, "sealed").getSession();
        assertEquals(Outcome.error, snapshot.getOutcome());
        assertEquals(2, snapshot.getEventCount());
        assertEquals(300L, snapshot.getDurationMs());
    }

    @Test
    void aSessionWithoutSuccessOrErrorIsAbandoned() {
        String id = recordingSession();
        var f1 = frame(id, 0);
        send(Topic.CAPTURE_FRAMES, id, f1);
        send(Topic.CAPTURE_FRAMES, id, frame(id, 400));
        send(Topic.EVENTS, id, click(id, f1.getFrameId(), 10));

        assertTrue(ask(command(id, stop())).getOk());
        var snapshot = transition(id, "sealed").getSession();
        assertEquals(Outcome.abandoned, snapshot.getOutcome());
        assertEquals(2, snapshot.getFrameCount());
        assertEquals(1, snapshot.getEventCount());
        assertEquals(400L, snapshot.getDurationMs());
    }

    @Test
    void anIdleRecordingIsStoppedAndSealedWithoutAStopCommand() {
        String id = recordingSession();
        var f1 = frame(id, 0);
        send(Topic.CAPTURE_FRAMES, id, f1);
        send(Topic.CAPTURE_FRAMES, id, frame(id, 50));

        // the test profile's idle timeout is a few seconds
        assertEquals(SessionStatus.recording, transition(id, "stopped").getFromStatus());
        var snapshot = transition(id, "sealed").getSession();
        assertEquals(Outcome.abandoned, snapshot.getOutcome());
        assertEquals(2, snapshot.getFrameCount());
        assertEquals(50L, snapshot.getDurationMs());
    }

    @Test
    void anIdleRecordingIsAbandonedEvenWithASuccessMarker() {
        String id = recordingSession();
        var f1 = frame(id, 0);
        send(Topic.CAPTURE_FRAMES, id, f1);
        send(Topic.EVENTS, id, success(id, f1.getFrameId(), 20));

        // never stopped: the recording was given up, whatever it reached
        var snapshot = transition(id, "sealed").getSession();
        assertEquals(Outcome.abandoned, snapshot.getOutcome());
        assertEquals(1, snapshot.getFrameCount());
        assertEquals(1, snapshot.getEventCount());
        assertEquals("abandoned", Catalog.session(id).orElseThrow().get("outcome"));
    }

    @Test
    void anIdleRecordingWithoutFramesIsSealedAsAbandoned() {
        String id = recordingSession();

        // SPEC §4 Sessions: a frameless recording is deleted or sealed as abandoned by the idle timeout
        assertEquals(SessionStatus.recording, transition(id, "stopped").getFromStatus());
        var snapshot = transition(id, "sealed").getSession();
        assertEquals(Outcome.abandoned, snapshot.getOutcome());
        assertEquals(0, snapshot.getFrameCount());
        assertEquals(0L, snapshot.getDurationMs());
    }

    @Test
    void aStoppedSessionIsNotTakenForIdle() {
        String id = recordingSession();
        var f1 = frame(id, 0);
        send(Topic.CAPTURE_FRAMES, id, f1);
        send(Topic.EVENTS, id, success(id, f1.getFrameId(), 30));
        assertTrue(ask(command(id, stop())).getOk());

        assertEquals(Outcome.success, transition(id, "sealed").getSession().getOutcome());
    }

    @Test
    void aSessionDoesNotSealBeforeTheExtractorHasPassedTheSignalsSentBeforeTheStop() {
        String id = recordingSession();
        send(Topic.CAPTURE_FRAMES, id, frame(id, 0));
        try (var held = extractor.holdBack(Topic.CAPTURE_SIGNALS)) {
            SealerKafka.sendRaw(Topic.CAPTURE_SIGNALS, id, SealerKafka.garbage()); // a signal the extractor has not read
            assertTrue(ask(command(id, stop())).getOk());
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> "stopped".equals(Catalog.session(id).orElseThrow().get("status")));
        }
        assertEquals(Outcome.abandoned, transition(id, "sealed").getSession().getOutcome());
    }

    @Test
    void anEventTheExtractorReleasesWhenItIndexesAFrameSentBeforeTheStopIsInTheSeal() {
        String id = recordingSession();
        var f1 = frame(id, 0);
        try (var held = extractor.holdBack(Topic.CAPTURE_FRAMES)) {
            send(Topic.CAPTURE_FRAMES, id, f1); // the extractor holds an event until it has indexed this frame
            assertTrue(ask(command(id, stop())).getOk());
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> "stopped".equals(Catalog.session(id).orElseThrow().get("status")));
            assertFalse(watermark(id).lifecycle().isPresent(), "nothing past (2) is recorded yet");
            send(Topic.EVENTS, id, success(id, f1.getFrameId(), 0)); // now it indexes the frame and releases the event
        }
        var snapshot = transition(id, "sealed").getSession();
        assertEquals(Outcome.success, snapshot.getOutcome());
        assertEquals(1, snapshot.getEventCount());
        assertEquals(1L, Catalog.count("events", id));
    }

    @Test
    void aFieldTheExtractorReportsOnTheStoppedTransitionIsInTheSeal() {
        String id = recordingSession();
        var f1 = frame(id, 0);
        send(Topic.CAPTURE_FRAMES, id, f1);
        try (var held = extractor.holdBack(Topic.SESSION_LIFECYCLE)) {
            assertTrue(ask(command(id, stop())).getOk());
            var stoppedRecord = SealerKafka.transitionRecord(id, "stopped");
            await().atMost(SealerKafka.WAIT).until(() -> watermark(id).lifecycle().isPresent());
            var lifecycle = watermark(id).lifecycle().orElseThrow();
            assertTrue(lifecycle.get(stoppedRecord.partition()) > stoppedRecord.offset(),
                    () -> "the lifecycle watermark " + lifecycle + " lies past the stopped transition at "
                            + stoppedRecord.partition() + "/" + stoppedRecord.offset());
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> "stopped".equals(Catalog.session(id).orElseThrow().get("status")));
            assertFalse(watermark(id).events().isPresent(), "the events end is read only after the extractor passed it");
            // what the extractor publishes on reading the stopped transition: the field still being typed in
            send(Topic.EVENTS, id, SealerKafka.event(id, f1.getFrameId(), 40, EventType.input_text,
                    InputTextPayload.newBuilder().setField("email").setValue("a@b.c").build()));
        }
        var snapshot = transition(id, "sealed").getSession();
        assertEquals(1, snapshot.getEventCount());
        assertEquals(40L, snapshot.getDurationMs());
        assertEquals(1L, Catalog.count("events", id));
    }

    private static Watermark watermark(String sessionId) {
        return Watermark.fromJson(Catalog.session(sessionId).orElseThrow().get("stop_watermark").toString());
    }

    private static String recordingSession() {
        String id = IdPrefix.SESSION.newId();
        assertTrue(ask(command(id, create())).getOk());
        assertTrue(ask(command(id, start())).getOk());
        return id;
    }
}
