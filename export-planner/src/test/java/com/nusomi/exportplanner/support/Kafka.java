package com.nusomi.exportplanner.support;

import com.nusomi.devstack.testing.TopicReader;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Plain Kafka clients against the devstack broker and registry, as another service would use them. */
public final class Kafka {
    /** How long a reader waits for what a test expects. */
    public static final Duration WAIT = Duration.ofSeconds(60);

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
    public static TopicReader<Object> tailAvro(String topic) {
        var deserializer = new AvroKafkaDeserializer<Object>();
        deserializer.configure(registryConfig(), false);
        return new TopicReader<>(bootstrap(), topic, deserializer, WAIT);
    }

    /** Reads a whole topic, from the beginning, as raw bytes. */
    public static TopicReader<byte[]> tailBytes(String topic) {
        return new TopicReader<>(bootstrap(), topic, new ByteArrayDeserializer(), WAIT);
    }

    private static Map<String, Object> producerConfig() {
        var config = new HashMap<String, Object>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
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
