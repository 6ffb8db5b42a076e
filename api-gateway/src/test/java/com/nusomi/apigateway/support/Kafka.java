package com.nusomi.apigateway.support;

import com.nusomi.contracts.Topic;
import com.nusomi.devstack.testing.TopicReader;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** The gateway's neighbours on the broker, for tests: the real Apicurio serde, plain clients. */
public final class Kafka {
    public static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaProducer<String, Object> producer;
    private static KafkaProducer<String, byte[]> rawProducer;

    private Kafka() {}

    public static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    public static Map<String, Object> serdeConfig() {
        return Map.of("apicurio.registry.url",
                ConfigProvider.getConfig().getValue("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", String.class),
                "apicurio.registry.auto-register", "true",
                "apicurio.registry.use-specific-avro-reader", "true");
    }

    public static synchronized KafkaProducer<String, Object> producer() {
        if (producer == null) {
            var serializer = new AvroKafkaSerializer<Object>();
            serializer.configure(serdeConfig(), false);
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), serializer);
        }
        return producer;
    }

    public static void send(String topic, String key, Object value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static synchronized void sendRaw(String topic, String key, byte[] value) {
        if (rawProducer == null) {
            rawProducer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()),
                    new StringSerializer(), new ByteArraySerializer());
        }
        try {
            rawProducer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain consumer, for a test that acts as a consumer group (commits its offsets); readers are {@link TopicReader}s. */
    public static <V> KafkaConsumer<String, V> consumer(Deserializer<V> values, String groupId) {
        var config = new HashMap<String, Object>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, groupId != null,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        if (groupId != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        return new KafkaConsumer<>(config, new StringDeserializer(), values);
    }

    public static AvroKafkaDeserializer<Object> avroDeserializer() {
        var deserializer = new AvroKafkaDeserializer<Object>();
        deserializer.configure(serdeConfig(), false);
        return deserializer;
    }

    /** A reader of {@code topic} from its current end: create it before the action whose record you expect. */
    public static <V> TopicReader<V> fromEnd(String topic, Deserializer<V> values) {
        return TopicReader.fromEnd(bootstrap(), topic, values, WAIT);
    }

    /** The dead letters of {@code topic}, from the beginning, as the original bytes. */
    public static TopicReader<byte[]> dlq(Topic topic) {
        return new TopicReader<>(bootstrap(), topic.dlqName(), new ByteArrayDeserializer(), WAIT);
    }
}
