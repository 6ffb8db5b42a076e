package com.nusomi.eventextractor.streams;

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
import com.nusomi.contracts.avro.SessionTag;
import com.nusomi.contracts.avro.Surface;
import com.nusomi.contracts.avro.SuccessPayload;
import com.nusomi.devstack.testing.TopicReader;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the upstream services and a downstream reader do, with the real registry serdes, for the broker tests. */
final class KafkaTestClients implements AutoCloseable {
    static final String WORKSPACE = IdPrefix.WORKSPACE.newId();
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String bootstrap;
    private final Map<String, Object> registry;
    private final KafkaProducer<String, Object> avroProducer;
    private final KafkaProducer<String, byte[]> rawProducer;
    private final Map<String, TopicReader<?>> readers = new ConcurrentHashMap<>();

    KafkaTestClients() {
        var config = ConfigProvider.getConfig();
        bootstrap = config.getValue("kafka.bootstrap.servers", String.class);
        registry = Map.of(
                "apicurio.registry.url", config.getValue("nusomi.event-extractor.registry-url", String.class),
                "apicurio.registry.auto-register", "true",
                "apicurio.registry.use-specific-avro-reader", "true");
        var serializer = new AvroKafkaSerializer<Object>();
        serializer.configure(registry, false);
        avroProducer = new KafkaProducer<>(producerConfig(), new StringSerializer(), serializer);
        rawProducer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
    }

    private Map<String, Object> producerConfig() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
    }

    /** Publishes a frame as capture-ingest does and returns its frame id once the broker acknowledged it. */
    String frame(String session, long tMs) {
        var frameId = IdPrefix.FRAME.newId();
        send(avroProducer, Topic.CAPTURE_FRAMES.topicName(), session, FrameCaptured.newBuilder()
                .setFrameId(frameId)
                .setSessionId(session)
                .setWorkspaceId(WORKSPACE)
                .setTMs(tMs)
                .setImage(BlobRef.newBuilder().setBucket("nusomi").setKey("frames/00.webp").setSha256("00")
                        .setSize(1).setW(1).setH(1).build())
                .setCapturedAt(now())
                .build());
        return frameId;
    }

    /** Publishes an SDK event signal as the gateway does and returns its event id once acknowledged. */
    String sdkEvent(String session, long tMs, String frameId) {
        var eventId = IdPrefix.EVENT.newId();
        signal(session, tMs, SdkEventSignal.newBuilder()
                .setEventId(eventId)
                .setType(EventType.success)
                .setPayload(SuccessPayload.newBuilder().setMarker("done").build())
                .setFrameId(frameId)
                .build());
        return eventId;
    }

    void signal(String session, long tMs, Object body) {
        send(avroProducer, Topic.CAPTURE_SIGNALS.topicName(), session, CaptureSignal.newBuilder()
                .setSignalId(IdPrefix.EVENT.newId())
                .setSessionId(session)
                .setWorkspaceId(WORKSPACE)
                .setTMs(tMs)
                .setBody(body)
                .setReceivedAt(now())
                .build());
    }

    /** Publishes a session transition as the session-sealer does. */
    void lifecycle(String session, SessionStatus to) {
        lifecycle(session, to, List.of());
    }

    /** Publishes a session transition whose session snapshot carries {@code tags} (the sealer's, on {@code stopped}). */
    void lifecycle(String session, SessionStatus to, List<SessionTag> tags) {
        var at = now();
        send(avroProducer, Topic.SESSION_LIFECYCLE.topicName(), session, SessionLifecycle.newBuilder()
                .setTransitionId(session + ":" + to)
                .setSessionId(session)
                .setWorkspaceId(WORKSPACE)
                .setToStatus(to)
                .setSession(SessionSnapshot.newBuilder().setId(session).setWorkspaceId(WORKSPACE).setWorkflow("process_invoice")
                        .setStatus(to).setActor(Actor.newBuilder().setKind(ActorKind.script).build()).setSurface(Surface.web)
                        .setTags(tags).setCreatedAt(at).build())
                .setAt(at)
                .build());
    }

    void raw(String topic, String key, byte[] value) {
        send(rawProducer, topic, key, value);
    }

    /** The events of {@code session} on nusomi.events, read committed, once there are {@code count} of them. */
    List<Event> events(String session, int count) {
        var deserializer = RegistrySerdes.forValues(Event.class, (String) registry.get("apicurio.registry.url")).deserializer();
        var found = readUntil(Topic.EVENTS.topicName(), deserializer, rec -> session.equals(rec.key()), count);
        return found.stream().map(ConsumerRecord::value).toList();
    }

    /** Every event of {@code session} on nusomi.events up to the topic's current end (after {@link #events}). */
    @SuppressWarnings("unchecked")
    List<Event> eventsUpToNow(String session) {
        var reader = (TopicReader<Event>) readers.get(Topic.EVENTS.topicName());
        return reader.byKeyUpToNow(session).stream().map(ConsumerRecord::value).toList();
    }

    /** The dead letters keyed {@code key} on {@code dlqTopic}, once there are {@code count}. */
    List<ConsumerRecord<String, byte[]>> deadLetters(String dlqTopic, String key, int count) {
        return readUntil(dlqTopic, new ByteArrayDeserializer(), rec -> key.equals(rec.key()), count);
    }

    @SuppressWarnings("unchecked")
    private <V> List<ConsumerRecord<String, V>> readUntil(String topic, Deserializer<V> values,
                                                          Predicate<ConsumerRecord<String, V>> wanted, int count) {
        var reader = (TopicReader<V>) readers.computeIfAbsent(topic, t -> new TopicReader<>(bootstrap, t, values, WAIT));
        return reader.awaitRecords(wanted, count);
    }

    private static <V> void send(KafkaProducer<String, V> producer, String topic, String key, V value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send to " + topic + " failed", e.getCause());
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public void close() {
        avroProducer.close();
        rawProducer.close();
        readers.values().forEach(TopicReader::close);
    }
}
