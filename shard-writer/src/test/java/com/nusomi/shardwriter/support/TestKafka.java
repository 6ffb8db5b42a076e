package com.nusomi.shardwriter.support;

import com.nusomi.contracts.Topic;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;

/** The shard writer's neighbours in tests: produce with the real Apicurio serializer, read topics back from the start. */
public final class TestKafka {
    public static final Duration WAIT = Duration.ofSeconds(60);

    private static KafkaProducer<String, Object> producer;
    private static KafkaProducer<String, byte[]> rawProducer;
    private static final Map<String, Reader<?>> readers = new ConcurrentHashMap<>();

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
        Reader<Object> reader = (Reader<Object>) readers.computeIfAbsent(topic.topicName(), name -> {
            var deserializer = new AvroKafkaDeserializer<Object>();
            deserializer.configure(serdeConfig(), false);
            return new Reader<>(name, deserializer);
        });
        return awaitIn(reader, r -> type.isInstance(r.value()) && match.test((ConsumerRecord<String, T>) r), count).stream()
                .map(r -> (ConsumerRecord<String, T>) r).toList();
    }

    /** Waits for a dead letter of {@code topic} with the given key; values are the original bytes. */
    @SuppressWarnings("unchecked")
    public static ConsumerRecord<String, byte[]> awaitDeadLetter(Topic topic, String key) {
        Reader<byte[]> reader = (Reader<byte[]>) readers.computeIfAbsent(topic.dlqName(),
                name -> new Reader<>(name, new ByteArrayDeserializer()));
        return awaitIn(reader, r -> key.equals(r.key()), 1).getFirst();
    }

    private static <V> List<ConsumerRecord<String, V>> awaitIn(Reader<V> reader, Predicate<ConsumerRecord<String, V>> match, int count) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> reader.records.stream().filter(match).count() >= count);
        return reader.records.stream().filter(match).toList();
    }

    /** Reads a whole topic, from its beginning, on a background thread; values that do not decode are skipped. */
    private static final class Reader<V> {
        final List<ConsumerRecord<String, V>> records = new CopyOnWriteArrayList<>();

        Reader(String topic, Deserializer<V> values) {
            Map<String, Object> config = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
            var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Thread thread = new Thread(() -> {
                while (true) {
                    for (ConsumerRecord<String, byte[]> raw : consumer.poll(Duration.ofMillis(200))) {
                        V value;
                        try {
                            value = values.deserialize(raw.topic(), raw.headers(), raw.value());
                        } catch (RuntimeException undecodable) {
                            continue; // poison records some tests send on purpose
                        }
                        records.add(new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(), raw.timestamp(),
                                raw.timestampType(), raw.serializedKeySize(), raw.serializedValueSize(), raw.key(), value,
                                raw.headers(), raw.leaderEpoch()));
                    }
                }
            }, "test-reader-" + topic);
            thread.setDaemon(true);
            thread.start();
        }
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
