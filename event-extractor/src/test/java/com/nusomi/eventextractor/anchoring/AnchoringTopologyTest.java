package com.nusomi.eventextractor.anchoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.BlobRef;
import com.nusomi.contracts.avro.CaptureSignal;
import com.nusomi.contracts.avro.ClickPayload;
import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.EventSource;
import com.nusomi.contracts.avro.EventType;
import com.nusomi.contracts.avro.FrameCaptured;
import com.nusomi.contracts.avro.RawInputSignal;
import com.nusomi.contracts.avro.SdkEventSignal;
import com.nusomi.contracts.avro.SessionLifecycle;
import com.nusomi.contracts.avro.SuccessPayload;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The anchoring rules of SPEC "Emitting events", on the topology alone (no broker, no registry). */
class AnchoringTopologyTest {
    private static final String WORKSPACE = IdPrefix.WORKSPACE.newId();
    private static final Instant RECEIVED = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    Path stateDir;

    private final List<RawInputSignal> extracted = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, FrameCaptured> frames;
    private TestInputTopic<String, CaptureSignal> signals;
    private TestOutputTopic<String, Event> events;

    @BeforeEach
    void start() {
        var serdes = new AnchoringTopology.AvroSerdes(
                InMemoryAvroSerde.of(FrameCaptured.class), InMemoryAvroSerde.of(CaptureSignal.class),
                InMemoryAvroSerde.of(Event.class), InMemoryAvroSerde.of(SessionLifecycle.class));
        var topology = AnchoringTopology.build(serdes, (signal, raw, anchors) -> {
            extracted.add(raw);
            return List.of();
        });
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "event-extractor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(topology, props);
        var keys = Serdes.String();
        frames = driver.createInputTopic(Topic.CAPTURE_FRAMES.topicName(), keys.serializer(), serdes.frames().serializer());
        signals = driver.createInputTopic(Topic.CAPTURE_SIGNALS.topicName(), keys.serializer(), serdes.signals().serializer());
        events = driver.createOutputTopic(Topic.EVENTS.topicName(), keys.deserializer(), serdes.events().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void explicitFrameIdIsKeptEvenWhenAnotherFrameIsCloser() {
        var session = IdPrefix.SESSION.newId();
        var first = frame(session, 0);
        frame(session, 400);
        frame(session, 500);

        var event = sdkEvent(session, 450, first);

        assertEquals(first, anchorOf(single(), event));
    }

    @Test
    void eventWithoutFrameIdAnchorsToLatestFrameAtOrBeforeIt() {
        var session = IdPrefix.SESSION.newId();
        frame(session, 0);
        var at9 = frame(session, 9);
        var at10 = frame(session, 10);
        var at100 = frame(session, 100);
        frame(session, 1_000);

        var between = sdkEvent(session, 99, null);
        var exact = sdkEvent(session, 100, null);
        var justAfter = sdkEvent(session, 10, null);
        var beforeTen = sdkEvent(session, 9, null);

        var out = byEventId(events.readValuesToList());
        assertEquals(at10, out.get(between).getFrameId(), "99 ms belongs to the frame at 10 ms (not 9, not 100)");
        assertEquals(at100, out.get(exact).getFrameId(), "a frame at exactly the event's t_ms is its anchor");
        assertEquals(at10, out.get(justAfter).getFrameId());
        assertEquals(at9, out.get(beforeTen).getFrameId());
    }

    @Test
    void eventBeforeTheFirstFrameAnchorsToTheFirstFrame() {
        var session = IdPrefix.SESSION.newId();
        var first = frame(session, 100);
        frame(session, 200);

        var early = sdkEvent(session, 50, null);

        assertEquals(first, anchorOf(single(), early));
    }

    @Test
    void eventOfASessionWithoutFramesWaitsAndIsReleasedOnTheFirstFrame() {
        var session = IdPrefix.SESSION.newId();
        var later = sdkEvent(session, 900, null);
        var earlier = sdkEvent(session, 300, null);
        assertTrue(events.isEmpty(), "nothing can be anchored before the session has a frame");

        var first = frame(session, 400);

        var released = events.readKeyValuesToList();
        assertEquals(List.of(earlier, later), released.stream().map(kv -> kv.value.getEventId()).toList(),
                "held events come out in (t_ms, id) order");
        released.forEach(kv -> {
            assertEquals(session, kv.key);
            assertEquals(first, kv.value.getFrameId());
        });

        frame(session, 500);
        assertTrue(events.isEmpty(), "released events are not released again");
        var after = sdkEvent(session, 600, null);
        assertEquals(after, single().getEventId());
    }

    @Test
    void twoEventsOnOneFrameShareItsFrameIdAndDifferInTms() {
        var session = IdPrefix.SESSION.newId();
        var frame = frame(session, 1_000);
        frame(session, 2_000);

        var click = sdkEvent(session, 1_200, null);
        var success = sdkEvent(session, 1_300, null);

        var out = events.readValuesToList();
        assertEquals(2, out.size());
        assertEquals(frame, out.get(0).getFrameId());
        assertEquals(frame, out.get(1).getFrameId());
        assertEquals(List.of(click, success), out.stream().map(Event::getEventId).toList());
        assertEquals(List.of(1_200L, 1_300L), out.stream().map(Event::getTMs).toList());
    }

    @Test
    void sessionsDoNotAnchorToEachOthersFrames() {
        var withFrames = IdPrefix.SESSION.newId();
        var withoutFrames = IdPrefix.SESSION.newId();
        frame(withFrames, 0);

        sdkEvent(withoutFrames, 100, null);

        assertTrue(events.isEmpty());
    }

    @Test
    void publishedEventCarriesTheSignalAsSdkEventWithFullConfidence() {
        var session = IdPrefix.SESSION.newId();
        var frame = frame(session, 0);
        var eventId = IdPrefix.EVENT.newId();
        var payload = ClickPayload.newBuilder().setX(10).setY(20).build();
        signals.pipeInput(session, signal(session, 42, SdkEventSignal.newBuilder()
                .setEventId(eventId).setType(EventType.click).setPayload(payload).build()));

        var record = events.readRecord();

        assertEquals(session, record.key());
        var event = record.value();
        assertEquals(eventId, event.getEventId());
        assertEquals(session, event.getSessionId());
        assertEquals(WORKSPACE, event.getWorkspaceId());
        assertEquals(frame, event.getFrameId());
        assertEquals(42L, event.getTMs());
        assertEquals(EventType.click, event.getType());
        assertEquals(payload, event.getPayload());
        assertEquals(1.0, event.getConfidence());
        assertEquals(EventSource.sdk, event.getSource());
        assertEquals(RECEIVED, event.getCreatedAt());
    }

    @Test
    void rawInputSignalsGoToTheExtractorAndYieldNoEventYet() {
        var session = IdPrefix.SESSION.newId();
        frame(session, 0);
        var raw = RawInputSignal.newBuilder().setKind("pointer").setData("{\"x\":1}").build();

        signals.pipeInput(session, signal(session, 5, raw));

        assertEquals(List.of(raw), extracted);
        assertTrue(events.isEmpty());
    }

    private String frame(String session, long tMs) {
        var frameId = IdPrefix.FRAME.newId();
        frames.pipeInput(session, FrameCaptured.newBuilder()
                .setFrameId(frameId)
                .setSessionId(session)
                .setWorkspaceId(WORKSPACE)
                .setTMs(tMs)
                .setImage(BlobRef.newBuilder().setBucket("nusomi").setKey("frames/x.webp").setSha256("00")
                        .setSize(1).setW(1).setH(1).build())
                .setCapturedAt(RECEIVED)
                .build());
        return frameId;
    }

    /** Emits a success event at {@code tMs}, anchored to {@code frameId} when given; returns its event id. */
    private String sdkEvent(String session, long tMs, String frameId) {
        var eventId = IdPrefix.EVENT.newId();
        signals.pipeInput(session, signal(session, tMs, SdkEventSignal.newBuilder()
                .setEventId(eventId)
                .setType(EventType.success)
                .setPayload(SuccessPayload.newBuilder().setMarker("done").build())
                .setFrameId(frameId)
                .build()));
        return eventId;
    }

    private static CaptureSignal signal(String session, long tMs, Object body) {
        return CaptureSignal.newBuilder()
                .setSignalId(IdPrefix.EVENT.newId())
                .setSessionId(session)
                .setWorkspaceId(WORKSPACE)
                .setTMs(tMs)
                .setBody(body)
                .setReceivedAt(RECEIVED)
                .build();
    }

    private Event single() {
        var out = events.readValuesToList();
        assertEquals(1, out.size(), "exactly one event expected, got " + out);
        return out.getFirst();
    }

    private static String anchorOf(Event event, String expectedEventId) {
        assertEquals(expectedEventId, event.getEventId());
        return event.getFrameId();
    }

    private static Map<String, Event> byEventId(List<Event> out) {
        return out.stream().collect(Collectors.toMap(Event::getEventId, e -> e));
    }
}
