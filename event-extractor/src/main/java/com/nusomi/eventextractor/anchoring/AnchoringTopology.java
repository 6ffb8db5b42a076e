package com.nusomi.eventextractor.anchoring;

import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.CaptureSignal;
import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.FrameCaptured;
import com.nusomi.eventextractor.extraction.SignalExtractor;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole event-extractor as one pure function. Frames and signals are co-partitioned by session_id, so one task
 * owns a session's frames, its signals and both stores; the two processors share the stores.
 */
public final class AnchoringTopology {
    public static final String FRAMES_STORE = "session-frames";
    public static final String PENDING_STORE = "pending-sdk-events";
    static final String FRAMES_SOURCE = "frames";
    static final String SIGNALS_SOURCE = "signals";
    static final String FRAMES_PROCESSOR = "index-frames";
    static final String SIGNALS_PROCESSOR = "anchor-signals";
    static final String EVENTS_SINK = "events";

    /** Value serdes of the three topics; the signal serde also stores held events. */
    public record AvroSerdes(Serde<FrameCaptured> frames, Serde<CaptureSignal> signals, Serde<Event> events) {}

    private AnchoringTopology() {}

    public static Topology build(AvroSerdes serdes, SignalExtractor extractor) {
        var keys = Serdes.String();
        var topology = new Topology();
        topology.addSource(FRAMES_SOURCE, keys.deserializer(), serdes.frames().deserializer(), Topic.CAPTURE_FRAMES.topicName());
        topology.addSource(SIGNALS_SOURCE, keys.deserializer(), serdes.signals().deserializer(), Topic.CAPTURE_SIGNALS.topicName());
        topology.addProcessor(FRAMES_PROCESSOR, FrameProcessor::new, FRAMES_SOURCE);
        topology.addProcessor(SIGNALS_PROCESSOR, () -> new SignalProcessor(extractor), SIGNALS_SOURCE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FRAMES_STORE), keys, keys),
                FRAMES_PROCESSOR, SIGNALS_PROCESSOR);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE), keys, serdes.signals()),
                FRAMES_PROCESSOR, SIGNALS_PROCESSOR);
        topology.addSink(EVENTS_SINK, Topic.EVENTS.topicName(), keys.serializer(), serdes.events().serializer(),
                FRAMES_PROCESSOR, SIGNALS_PROCESSOR);
        return topology;
    }

    /** Topics the topology reads or writes, plus the dead-letter topics of its inputs: all must exist before it runs. */
    public static List<String> requiredTopics() {
        return List.of(Topic.CAPTURE_FRAMES.topicName(), Topic.CAPTURE_SIGNALS.topicName(), Topic.EVENTS.topicName(),
                Topic.CAPTURE_FRAMES.dlqName(), Topic.CAPTURE_SIGNALS.dlqName());
    }
}
