package com.nusomi.exportplanner.support;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Plain Kafka clients against the devstack broker and registry, as another service would use them. */
public final class Kafka {
    private Kafka() {}

    /** Sends {@code value} with the real Apicurio Avro serializer and waits for the broker's ack. */
    public static void sendAvro(String topic, String key, Object value) {
        try (var producer = new KafkaProducer<String, Object>(producerConfig(), new StringSerializer(), avroSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** Sends raw bytes (e.g. a poison record) and waits for the broker's ack. */
    public static void sendBytes(String topic, String key, byte[] value) {
        try (var producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** Reads a whole topic, from the beginning, decoding values with the Apicurio specific-record reader. */
    public static Tail<Object> tailAvro(String topic) {
        var deserializer = new AvroKafkaDeserializer<Object>();
        deserializer.configure(registryConfig(), false);
        return new Tail<>(new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), deserializer), topic);
    }

    /** Reads a whole topic, from the beginning, as raw bytes. */
    public static Tail<byte[]> tailBytes(String topic) {
        return new Tail<>(new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer()), topic);
    }

    /** Every record of one topic seen so far, read by a group-less consumer assigned to all partitions. */
    public static final class Tail<V> implements AutoCloseable {
        private final KafkaConsumer<String, V> consumer;
        private final List<ConsumerRecord<String, V>> seen = new ArrayList<>();

        Tail(KafkaConsumer<String, V> consumer, String topic) {
            this.consumer = consumer;
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Polls until {@code count} records match, or fails after {@code timeout}. */
        public synchronized List<ConsumerRecord<String, V>> await(Predicate<ConsumerRecord<String, V>> match, int count,
                                                                   Duration timeout) {
            Instant deadline = Instant.now().plus(timeout);
            while (true) {
                var matching = seen.stream().filter(match).toList();
                if (matching.size() >= count) {
                    return matching;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("expected " + count + " matching records, saw " + matching.size());
                }
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
        }

        /** Reads up to the current end of every partition and returns every matching record. */
        public synchronized List<ConsumerRecord<String, V>> drain(Predicate<ConsumerRecord<String, V>> match) {
            var end = consumer.endOffsets(consumer.assignment());
            Instant deadline = Instant.now().plusSeconds(30);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("could not read to the end of " + end.keySet());
                }
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
            return seen.stream().filter(match).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    private static Map<String, Object> producerConfig() {
        var config = new HashMap<String, Object>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    private static Map<String, Object> consumerConfig() {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }

    private static AvroKafkaSerializer<Object> avroSerializer() {
        var serializer = new AvroKafkaSerializer<Object>();
        serializer.configure(registryConfig(), false);
        return serializer;
    }

    private static Map<String, Object> registryConfig() {
        return Map.of(
                "apicurio.registry.url", ConfigProvider.getConfig()
                        .getValue("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", String.class),
                "apicurio.registry.auto-register", "true",
                "apicurio.registry.use-specific-avro-reader", "true");
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
