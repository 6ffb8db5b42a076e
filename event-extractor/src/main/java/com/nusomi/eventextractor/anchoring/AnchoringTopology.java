package com.nusomi.eventextractor.anchoring;

import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.CaptureSignal;
import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.FrameCaptured;
import com.nusomi.contracts.avro.SessionLifecycle;
import com.nusomi.eventextractor.extraction.SignalExtractor;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole event-extractor as one pure function. Frames, signals and session lifecycle are co-partitioned by
 * session_id (6 partitions each), so one task owns a session's frames, its signals, its transitions and the stores;
 * the processors share the stores. Browser raw signals become events through extraction/BrowserRules; a stopped session's
 * pending fields are reported. A sealed or deleted session's state is pruned and its later records dead-lettered.
 */
public final class AnchoringTopology {
    public static final String FRAMES_STORE = "session-frames";
    public static final String PENDING_STORE = "pending-sdk-events";
    public static final String CLOSED_STORE = "closed-sessions";
    /** The browser rules' per-session state (JSON text), see extraction/SessionState. */
    public static final String EXTRACTION_STATE_STORE = "extraction-state";
    /** Extracted events waiting for the frame their action acted on. */
    public static final String PENDING_EXTRACTED_STORE = "pending-extracted-events";
    static final String FRAMES_SOURCE = "frames";
    static final String SIGNALS_SOURCE = "signals";
    static final String LIFECYCLE_SOURCE = "lifecycle";
    static final String PRUNE_PROCESSOR = "prune-sessions";
    static final String FRAMES_DLQ_SINK = "frames-dead-letters";
    static final String SIGNALS_DLQ_SINK = "signals-dead-letters";
    static final String FRAMES_PROCESSOR = "index-frames";
    static final String SIGNALS_PROCESSOR = "anchor-signals";
    static final String EVENTS_SINK = "events";

    /** Value serdes of the topics; the signal serde also stores held events. */
    public record AvroSerdes(Serde<FrameCaptured> frames, Serde<CaptureSignal> signals, Serde<Event> events,
                             Serde<SessionLifecycle> lifecycle) {}

    /** How long a closed session is remembered (late records dead-lettered), and how often old ones are forgotten. */
    public record Retention(Duration keepClosed, Duration sweepEvery) {
        /** As long as the capture topics keep records: no older record of the session can be read again. */
        public static final Retention DEFAULT = new Retention(Topic.CAPTURE_FRAMES.retention(), Duration.ofHours(1));
    }

    private AnchoringTopology() {}

    public static Topology build(AvroSerdes serdes, SignalExtractor extractor) {
        return build(serdes, extractor, Retention.DEFAULT);
    }

    public static Topology build(AvroSerdes serdes, SignalExtractor extractor, Retention retention) {
        var keys = Serdes.String();
        var topology = new Topology();
        topology.addSource(FRAMES_SOURCE, keys.deserializer(), serdes.frames().deserializer(), Topic.CAPTURE_FRAMES.topicName());
        topology.addSource(SIGNALS_SOURCE, keys.deserializer(), serdes.signals().deserializer(), Topic.CAPTURE_SIGNALS.topicName());
        topology.addProcessor(FRAMES_PROCESSOR, FrameProcessor::new, FRAMES_SOURCE);
        topology.addSource(LIFECYCLE_SOURCE, keys.deserializer(), serdes.lifecycle().deserializer(),
                Topic.SESSION_LIFECYCLE.topicName());
        topology.addProcessor(SIGNALS_PROCESSOR, () -> new SignalProcessor(extractor), SIGNALS_SOURCE);
        topology.addProcessor(PRUNE_PROCESSOR, () -> new SessionPruner(retention), LIFECYCLE_SOURCE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FRAMES_STORE), keys, keys),
                FRAMES_PROCESSOR, SIGNALS_PROCESSOR, PRUNE_PROCESSOR);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE), keys, serdes.signals()),
                FRAMES_PROCESSOR, SIGNALS_PROCESSOR, PRUNE_PROCESSOR);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CLOSED_STORE), keys, Serdes.Long()),
                FRAMES_PROCESSOR, SIGNALS_PROCESSOR, PRUNE_PROCESSOR);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EXTRACTION_STATE_STORE), keys, keys),
                SIGNALS_PROCESSOR, PRUNE_PROCESSOR);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_EXTRACTED_STORE), keys, serdes.events()),
                FRAMES_PROCESSOR, SIGNALS_PROCESSOR, PRUNE_PROCESSOR);
        topology.addSink(EVENTS_SINK, Topic.EVENTS.topicName(), keys.serializer(), serdes.events().serializer(),
                FRAMES_PROCESSOR, SIGNALS_PROCESSOR, PRUNE_PROCESSOR);
        topology.addSink(FRAMES_DLQ_SINK, Topic.CAPTURE_FRAMES.dlqName(), keys.serializer(), serdes.frames().serializer(),
                FRAMES_PROCESSOR);
        topology.addSink(SIGNALS_DLQ_SINK, Topic.CAPTURE_SIGNALS.dlqName(), keys.serializer(),
                serdes.signals().serializer(), SIGNALS_PROCESSOR);
        return topology;
    }

    /** Topics the topology reads or writes, plus the dead-letter topics of its inputs: all must exist before it runs. */
    public static List<String> requiredTopics() {
        return List.of(Topic.CAPTURE_FRAMES.topicName(), Topic.CAPTURE_SIGNALS.topicName(),
                Topic.SESSION_LIFECYCLE.topicName(), Topic.EVENTS.topicName(),
                Topic.CAPTURE_FRAMES.dlqName(), Topic.CAPTURE_SIGNALS.dlqName(), Topic.SESSION_LIFECYCLE.dlqName());
    }
}
