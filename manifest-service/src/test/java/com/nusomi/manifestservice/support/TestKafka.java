package com.nusomi.manifestservice.support;

import com.nusomi.contracts.Topic;
import com.nusomi.devstack.testing.TopicReader;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** The manifest service's neighbours in tests: produce with the real Apicurio serializer, read topics back from the start. */
public final class TestKafka {
    public static final Duration WAIT = Duration.ofSeconds(60);

    private static KafkaProducer<String, Object> producer;
    private static KafkaProducer<String, byte[]> rawProducer;
    private static final Map<String, TopicReader<?>> readers = new ConcurrentHashMap<>();

    private TestKafka() {}

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private static Map<String, Object> serdeConfig() {
        return Map.of("apicurio.registry.url",
                ConfigProvider.getConfig().getValue("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", String.class),
                "apicurio.registry.auto-register", "true",
                "apicurio.registry.use-specific-avro-reader", "true");
    }

    public static synchronized void send(Topic topic, String key, Object value) {
        if (producer == null) {
            var serializer = new AvroKafkaSerializer<Object>();
            serializer.configure(serdeConfig(), false);
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), serializer);
        }
        get(() -> producer.send(new ProducerRecord<>(topic.topicName(), key, value)).get());
    }

    public static synchronized void sendRaw(Topic topic, String key, byte[] value) {
        if (rawProducer == null) {
            rawProducer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        }
        get(() -> rawProducer.send(new ProducerRecord<>(topic.topicName(), key, value)).get());
    }

    /** Waits for a record on {@code topic} (decoded as Avro) matching {@code match}. */
    public static <T> ConsumerRecord<String, T> await(Topic topic, Class<T> type, Predicate<ConsumerRecord<String, T>> match) {
        return awaitCount(topic, type, match, 1).getFirst();
    }

    /** Waits until {@code count} records on {@code topic} match, and returns them in offset order per partition. */
    @SuppressWarnings("unchecked")
    public static <T> List<ConsumerRecord<String, T>> awaitCount(Topic topic, Class<T> type,
                                                                Predicate<ConsumerRecord<String, T>> match, int count) {
        TopicReader<Object> reader = (TopicReader<Object>) readers.computeIfAbsent(topic.topicName(), name -> {
            var deserializer = new AvroKafkaDeserializer<Object>();
            deserializer.configure(serdeConfig(), false);
            return new TopicReader<>(bootstrap(), name, deserializer, WAIT);
        });
        return awaitIn(reader, r -> type.isInstance(r.value()) && match.test((ConsumerRecord<String, T>) r), count).stream()
                .map(r -> (ConsumerRecord<String, T>) r).toList();
    }

    /** Every record of {@code topic} read so far that is a {@code type}. */
    @SuppressWarnings("unchecked")
    public static <T> List<ConsumerRecord<String, T>> snapshot(Topic topic, Class<T> type) {
        TopicReader<Object> reader = (TopicReader<Object>) readers.get(topic.topicName());
        if (reader == null) {
            return List.of();
        }
        return reader.records(r -> type.isInstance(r.value())).stream().map(r -> (ConsumerRecord<String, T>) (Object) r).toList();
    }

    /** Waits for a dead letter of {@code topic} with the given key; values are the original bytes. */
    @SuppressWarnings("unchecked")
    public static ConsumerRecord<String, byte[]> awaitDeadLetter(Topic topic, String key) {
        TopicReader<byte[]> reader = (TopicReader<byte[]>) readers.computeIfAbsent(topic.dlqName(),
                name -> new TopicReader<>(bootstrap(), name, new ByteArrayDeserializer(), WAIT));
        return awaitIn(reader, r -> key.equals(r.key()), 1).getFirst();
    }

    /** Once {@code count} records match: every matching record read so far. */
    private static <V> List<ConsumerRecord<String, V>> awaitIn(TopicReader<V> reader,
                                                               Predicate<ConsumerRecord<String, V>> match, int count) {
        reader.awaitRecords(match, count);
        return reader.records(match);
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static void get(Call call) {
        try {
            call.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
