package com.nusomi.sessionsealer;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.Actor;
import com.nusomi.contracts.avro.BlobRef;
import com.nusomi.contracts.avro.ClickPayload;
import com.nusomi.contracts.avro.CreateSession;
import com.nusomi.contracts.avro.DeleteSession;
import com.nusomi.contracts.avro.ErrorPayload;
import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.EventSource;
import com.nusomi.contracts.avro.EventType;
import com.nusomi.contracts.avro.FrameCaptured;
import com.nusomi.contracts.avro.SessionCommand;
import com.nusomi.contracts.avro.SessionCommandReply;
import com.nusomi.contracts.avro.SessionLifecycle;
import com.nusomi.contracts.avro.StartSession;
import com.nusomi.contracts.avro.StopSession;
import com.nusomi.contracts.avro.TagSession;
import com.nusomi.contracts.avro.SuccessPayload;
import com.nusomi.contracts.avro.Surface;
import com.nusomi.devstack.testing.TopicReader;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What the sealer's neighbours do, for tests: produce commands, frames and events with the real Apicurio serializer,
 * and read replies, lifecycle records and dead letters back from the broker.
 */
public final class SealerKafka {
    public static final Duration WAIT = Duration.ofSeconds(30);
    public static final String WORKSPACE = IdPrefix.WORKSPACE.newId();

    private static KafkaProducer<String, Object> producer;
    private static KafkaProducer<String, byte[]> rawProducer;
    private static final Map<String, TopicReader<?>> readers = new ConcurrentHashMap<>();

    private SealerKafka() {}

    public static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    public static String registryUrl() {
        return ConfigProvider.getConfig().getValue("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", String.class);
    }

    public static Map<String, Object> serdeConfig() {
        return Map.of("apicurio.registry.url", registryUrl(),
                "apicurio.registry.auto-register", "true",
                "apicurio.registry.use-specific-avro-reader", "true");
    }

    // ---------- producing ----------

    public static synchronized KafkaProducer<String, Object> producer() {
        if (producer == null) {
            producer = newProducer(Map.of());
        }
        return producer;
    }

    /** A producer like the extractor's: exactly-once, so its records are followed by transaction markers. */
    public static KafkaProducer<String, Object> transactionalProducer() {
        var p = newProducer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sealer-test-" + IdPrefix.REQUEST.newId()));
        p.initTransactions();
        return p;
    }

    private static KafkaProducer<String, Object> newProducer(Map<String, Object> extra) {
        var config = new HashMap<String, Object>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all"));
        config.putAll(extra);
        var serializer = new AvroKafkaSerializer<Object>();
        serializer.configure(serdeConfig(), false);
        return new KafkaProducer<>(config, new StringSerializer(), serializer);
    }

    public static void send(Topic topic, String key, Object value) {
        try {
            producer().send(new ProducerRecord<>(topic.topicName(), key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static synchronized void sendRaw(Topic topic, String key, byte[] value) {
        if (rawProducer == null) {
            rawProducer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()),
                    new StringSerializer(), new ByteArraySerializer());
        }
        try {
            rawProducer.send(new ProducerRecord<>(topic.topicName(), key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] garbage() {
        return "not avro at all".getBytes(StandardCharsets.UTF_8);
    }

    // ---------- records ----------

    public static SessionCommand command(String sessionId, Object body) {
        return SessionCommand.newBuilder()
                .setCommandId(IdPrefix.COMMAND.newId())
                .setSessionId(sessionId)
                .setWorkspaceId(WORKSPACE)
                .setBody(body)
                .setIssuedAt(now())
                .build();
    }

    public static CreateSession create() {
        return CreateSession.newBuilder().setWorkflow("process_invoice").setActor(new Actor(ActorKind.human, "u1"))
                .setSurface(Surface.web).setMetadata("{\"ticket\":42}").build();
    }

    public static StartSession start() {
        return new StartSession(null);
    }

    public static StopSession stop() {
        return new StopSession(null);
    }

    public static TagSession tag(String name, String dataJson, Long tMs) {
        return new TagSession(name, dataJson, tMs);
    }

    public static DeleteSession delete() {
        return new DeleteSession(null);
    }

    public static FrameCaptured frame(String sessionId, long tMs) {
        return frame(sessionId, IdPrefix.FRAME.newId(), tMs);
    }

    public static FrameCaptured frame(String sessionId, String frameId, long tMs) {
        return FrameCaptured.newBuilder()
                .setFrameId(frameId)
                .setSessionId(sessionId)
                .setWorkspaceId(WORKSPACE)
                .setTMs(tMs)
                .setImage(new BlobRef("nusomi", "frames/" + frameId + ".webp", "ab".repeat(32), 1234L, 24, 16))
                .setDom("{\"tag\":\"html\"}")
                .setCapturedAt(now())
                .build();
    }

    public static Event click(String sessionId, String frameId, long tMs) {
        return event(sessionId, frameId, tMs, EventType.click, ClickPayload.newBuilder().setX(10).setY(20).build());
    }

    public static Event success(String sessionId, String frameId, long tMs) {
        return event(sessionId, frameId, tMs, EventType.success, new SuccessPayload("done"));
    }

    public static Event error(String sessionId, String frameId, long tMs) {
        return event(sessionId, frameId, tMs, EventType.error, new ErrorPayload("validation", "rejected"));
    }

    public static Event event(String sessionId, String frameId, long tMs, EventType type, Object payload) {
        return Event.newBuilder()
                .setEventId(IdPrefix.EVENT.newId())
                .setSessionId(sessionId)
                .setWorkspaceId(WORKSPACE)
                .setFrameId(frameId)
                .setTMs(tMs)
                .setType(type)
                .setPayload(payload)
                .setConfidence(1.0)
                .setSource(EventSource.sdk)
                .setCreatedAt(now())
                .build();
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---------- reading back ----------

    /** Sends a command and returns the reply with its command id (the gateway's view). */
    public static SessionCommandReply ask(SessionCommand command) {
        send(Topic.SESSION_COMMANDS, command.getSessionId(), command);
        return reply(command.getCommandId());
    }

    public static SessionCommandReply reply(String commandId) {
        return replies().awaitValue(r -> r.getCommandId().equals(commandId));
    }

    public static List<SessionCommandReply> allReplies(String commandId) {
        return replies().all(r -> r.getCommandId().equals(commandId));
    }

    public static SessionLifecycle transition(String sessionId, String status) {
        String id = sessionId + ":" + status;
        return lifecycle().awaitValue(l -> l.getTransitionId().equals(id));
    }

    /** The transition's record, with its partition and offset on the lifecycle topic. */
    public static ConsumerRecord<String, SessionLifecycle> transitionRecord(String sessionId, String status) {
        String id = sessionId + ":" + status;
        return lifecycle().awaitRecord(r -> r.value().getTransitionId().equals(id));
    }

    public static List<SessionLifecycle> transitions(String sessionId) {
        return lifecycle().all(l -> l.getSessionId().equals(sessionId));
    }

    /** The session's transitions, after reading the lifecycle topic up to its current end. */
    public static List<SessionLifecycle> transitionsUpToNow(String sessionId) {
        return lifecycle().byKeyUpToNow(sessionId).stream().map(ConsumerRecord::value).toList();
    }

    /** The dead letter whose original key is {@code key}. */
    public static ConsumerRecord<String, byte[]> deadLetter(Topic topic, String key) {
        return deadLetters(topic).awaitRecord(r -> key.equals(r.key()));
    }

    public static TopicReader<byte[]> deadLetters(Topic topic) {
        return reader(topic.dlqName(), new ByteArrayDeserializer());
    }


    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static TopicReader<SessionCommandReply> replies() {
        return reader(Topic.SESSION_COMMAND_REPLIES.topicName(), avro());
    }

    private static TopicReader<SessionLifecycle> lifecycle() {
        return reader(Topic.SESSION_LIFECYCLE.topicName(), avro());
    }

    @SuppressWarnings("unchecked")
    private static <T> Deserializer<T> avro() {
        var deserializer = new AvroKafkaDeserializer<T>();
        deserializer.configure(serdeConfig(), false);
        return deserializer;
    }

    @SuppressWarnings("unchecked")
    private static <T> TopicReader<T> reader(String topic, Deserializer<T> values) {
        return (TopicReader<T>) readers.computeIfAbsent(topic, t -> new TopicReader<>(bootstrap(), t, values, WAIT));
    }
}
