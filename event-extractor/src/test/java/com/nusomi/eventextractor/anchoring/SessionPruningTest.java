package com.nusomi.eventextractor.anchoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.Actor;
import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.BlobRef;
import com.nusomi.contracts.avro.CaptureSignal;
import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.EventType;
import com.nusomi.contracts.avro.FrameCaptured;
import com.nusomi.contracts.avro.SdkEventSignal;
import com.nusomi.contracts.avro.SessionLifecycle;
import com.nusomi.contracts.avro.SessionSnapshot;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.contracts.avro.SuccessPayload;
import com.nusomi.contracts.avro.Surface;
import com.nusomi.kit.kafka.DeadLetterQueue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealed and deleted sessions: their state is pruned, their late records dead-lettered, and they are forgotten later. */
class SessionPruningTest {
    private static final String WORKSPACE = IdPrefix.WORKSPACE.newId();
    private static final Duration KEEP_CLOSED = Duration.ofMinutes(10);
    /** Record timestamps (producer CreateTime) start here; the seal happens at {@link #SEALED_AT}. */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final Instant SEALED_AT = T0.plusSeconds(60);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, FrameCaptured> frames;
    private TestInputTopic<String, CaptureSignal> signals;
    private TestInputTopic<String, SessionLifecycle> lifecycle;
    private TestOutputTopic<String, Event> events;
    private TestOutputTopic<String, FrameCaptured> frameDeadLetters;
    private TestOutputTopic<String, CaptureSignal> signalDeadLetters;
    private KeyValueStore<String, String> frameIndex;
    private KeyValueStore<String, CaptureSignal> held;
    private KeyValueStore<String, Long> closed;

    @BeforeEach
    void start() {
        var serdes = new AnchoringTopology.AvroSerdes(
                InMemoryAvroSerde.of(FrameCaptured.class), InMemoryAvroSerde.of(CaptureSignal.class),
                InMemoryAvroSerde.of(Event.class), InMemoryAvroSerde.of(SessionLifecycle.class));
        var topology = AnchoringTopology.build(serdes, (signal, raw, anchors) -> List.of(),
                new AnchoringTopology.Retention(KEEP_CLOSED, Duration.ofMinutes(1)));
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "event-extractor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(topology, props, SEALED_AT);
        var keys = Serdes.String();
        frames = driver.createInputTopic(Topic.CAPTURE_FRAMES.topicName(), keys.serializer(), serdes.frames().serializer());
        signals = driver.createInputTopic(Topic.CAPTURE_SIGNALS.topicName(), keys.serializer(), serdes.signals().serializer());
        lifecycle = driver.createInputTopic(Topic.SESSION_LIFECYCLE.topicName(), keys.serializer(),
                serdes.lifecycle().serializer());
        events = driver.createOutputTopic(Topic.EVENTS.topicName(), keys.deserializer(), serdes.events().deserializer());
        frameDeadLetters = driver.createOutputTopic(Topic.CAPTURE_FRAMES.dlqName(), keys.deserializer(),
                serdes.frames().deserializer());
        signalDeadLetters = driver.createOutputTopic(Topic.CAPTURE_SIGNALS.dlqName(), keys.deserializer(),
                serdes.signals().deserializer());
        frameIndex = driver.getKeyValueStore(AnchoringTopology.FRAMES_STORE);
        held = driver.getKeyValueStore(AnchoringTopology.PENDING_STORE);
        closed = driver.getKeyValueStore(AnchoringTopology.CLOSED_STORE);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aSealedSessionsFrameIndexIsPrunedAndOtherSessionsKeepTheirs() {
        var sealed = IdPrefix.SESSION.newId();
        var open = IdPrefix.SESSION.newId();
        frame(sealed, 0, T0);
        frame(sealed, 100, T0);
        var openFrame = frame(open, 0, T0);
        assertEquals(2, keysOf(frameIndex, sealed));

        transition(sealed, SessionStatus.sealed);

        assertEquals(0, keysOf(frameIndex, sealed), "the sealed session's frame index is gone");
        assertEquals(SEALED_AT.toEpochMilli(), closed.get(sealed));
        assertEquals(1, keysOf(frameIndex, open));
        sdkEvent(open, 50, T0.plusSeconds(1));
        assertEquals(openFrame, events.readValue().getFrameId(), "another session still anchors");
    }

    @Test
    void aDeletedSessionsHeldEventsArePrunedAndNeverPublished() {
        var session = IdPrefix.SESSION.newId();
        sdkEvent(session, 10, T0);
        sdkEvent(session, 20, T0);
        assertEquals(2, keysOf(held, session), "no frame yet: the events wait");

        transition(session, SessionStatus.deleted);

        assertEquals(0, keysOf(held, session));
        assertTrue(events.isEmpty());
    }

    @Test
    void stoppedAndOtherTransitionsPruneNothing() {
        var session = IdPrefix.SESSION.newId();
        frame(session, 0, T0);
        transition(session, SessionStatus.recording);
        transition(session, SessionStatus.stopped);

        assertEquals(1, keysOf(frameIndex, session));
        assertNull(closed.get(session));
    }

    @Test
    void aFrameAndASignalProducedAfterTheSealGoToTheirDeadLetterTopicsWithTheReason() {
        var session = IdPrefix.SESSION.newId();
        frame(session, 0, T0);
        transition(session, SessionStatus.sealed);

        var lateFrame = frame(session, 5_000, SEALED_AT.plusSeconds(1));
        var lateEvent = sdkEvent(session, 5_000, SEALED_AT.plusSeconds(2));

        TestRecord<String, FrameCaptured> deadFrame = frameDeadLetters.readRecord();
        assertEquals(lateFrame, deadFrame.value().getFrameId());
        assertEquals(session, deadFrame.key());
        assertTrue(header(deadFrame.headers(), Topic.DLQ_REASON_HEADER).contains("late record: frame " + lateFrame),
                header(deadFrame.headers(), Topic.DLQ_REASON_HEADER));
        assertEquals("event-extractor", header(deadFrame.headers(), Topic.DLQ_CONSUMER_HEADER));
        assertEquals(Topic.CAPTURE_FRAMES.topicName(), header(deadFrame.headers(), DeadLetterQueue.ORIGIN_TOPIC_HEADER));

        TestRecord<String, CaptureSignal> deadSignal = signalDeadLetters.readRecord();
        assertEquals(lateEvent, ((SdkEventSignal) deadSignal.value().getBody()).getEventId());
        assertTrue(header(deadSignal.headers(), Topic.DLQ_REASON_HEADER).contains("sealed or deleted"));

        assertTrue(events.isEmpty(), "no event for a sealed session");
        assertEquals(0, keysOf(frameIndex, session), "the late frame is not indexed");
        assertEquals(0, keysOf(held, session), "the late event is not held");
    }

    @Test
    void recordsProducedBeforeTheSealButReadAfterItAreDroppedNotDeadLettered() {
        var session = IdPrefix.SESSION.newId();
        frame(session, 0, T0);
        transition(session, SessionStatus.sealed);

        frame(session, 10, SEALED_AT.minusSeconds(1)); // the seal covered it already
        sdkEvent(session, 10, SEALED_AT);

        assertTrue(frameDeadLetters.isEmpty());
        assertTrue(signalDeadLetters.isEmpty());
        assertTrue(events.isEmpty());
        assertEquals(0, keysOf(frameIndex, session));
    }

    @Test
    void closedSessionsAreForgottenAfterTheRetention() {
        var session = IdPrefix.SESSION.newId();
        frame(session, 0, T0);
        transition(session, SessionStatus.sealed);

        driver.advanceWallClockTime(KEEP_CLOSED.minusMinutes(2));
        assertEquals(SEALED_AT.toEpochMilli(), closed.get(session), "still within the retention");

        driver.advanceWallClockTime(Duration.ofMinutes(3));
        assertNull(closed.get(session), "forgotten once the retention has passed");
    }

    private String frame(String session, long tMs, Instant producedAt) {
        var frameId = IdPrefix.FRAME.newId();
        frames.pipeInput(session, FrameCaptured.newBuilder()
                .setFrameId(frameId)
                .setSessionId(session)
                .setWorkspaceId(WORKSPACE)
                .setTMs(tMs)
                .setImage(BlobRef.newBuilder().setBucket("nusomi").setKey("frames/x.webp").setSha256("00")
                        .setSize(1).setW(1).setH(1).build())
                .setCapturedAt(producedAt)
                .build(), producedAt);
        return frameId;
    }

    private String sdkEvent(String session, long tMs, Instant producedAt) {
        var eventId = IdPrefix.EVENT.newId();
        signals.pipeInput(session, CaptureSignal.newBuilder()
                .setSignalId(IdPrefix.EVENT.newId())
                .setSessionId(session)
                .setWorkspaceId(WORKSPACE)
                .setTMs(tMs)
                .setBody(SdkEventSignal.newBuilder()
                        .setEventId(eventId)
                        .setType(EventType.success)
                        .setPayload(SuccessPayload.newBuilder().setMarker("done").build())
                        .build())
                .setReceivedAt(producedAt)
                .build(), producedAt);
        return eventId;
    }

    /** A transition at {@link #SEALED_AT}, as the session-sealer publishes it. */
    private void transition(String session, SessionStatus to) {
        var snapshot = SessionSnapshot.newBuilder()
                .setId(session)
                .setWorkspaceId(WORKSPACE)
                .setWorkflow("process_invoice")
                .setStatus(to)
                .setActor(Actor.newBuilder().setKind(ActorKind.script).build())
                .setSurface(Surface.web)
                .setCreatedAt(T0)
                .build();
        lifecycle.pipeInput(session, SessionLifecycle.newBuilder()
                .setTransitionId(session + ":" + to)
                .setSessionId(session)
                .setWorkspaceId(WORKSPACE)
                .setToStatus(to)
                .setSession(snapshot)
                .setAt(SEALED_AT)
                .build(), SEALED_AT);
    }

    private static int keysOf(KeyValueStore<String, ?> store, String session) {
        var keys = new ArrayList<String>();
        try (var all = store.all()) {
            all.forEachRemaining(e -> {
                if (e.key.startsWith(session + "|")) {
                    keys.add(e.key);
                }
            });
        }
        return keys.size();
    }

    private static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
