package com.nusomi.kit.kafka;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Apicurio-backed Avro serde, usable by hand. Consumers read raw bytes and decode here, so that a
 * record that cannot be decoded is dead-lettered with its original bytes instead of stopping the consumer.
 */
@ApplicationScoped
public class AvroCodec {
    private final AvroKafkaDeserializer<Object> deserializer = new AvroKafkaDeserializer<>();
    private final AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>();

    AvroCodec(@ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl) {
        Map<String, Object> config = Map.of(
                "apicurio.registry.url", registryUrl,
                "apicurio.registry.auto-register", "true",
                "apicurio.registry.use-specific-avro-reader", "true");
        deserializer.configure(config, false);
        serializer.configure(config, false);
    }

    /** Decodes a value of {@code topic}; throws {@link PoisonRecordException} if it is not a {@code type}. */
    public <T extends SpecificRecord> T decode(String topic, Headers headers, byte[] value, Class<T> type) {
        if (value == null) {
            throw new PoisonRecordException("null value (tombstone) where a " + type.getSimpleName() + " was expected");
        }
        Object decoded;
        try {
            decoded = deserializer.deserialize(topic, headers, value);
        } catch (RuntimeException e) {
            throw new PoisonRecordException("not a registered Avro value: " + e.getMessage(), e);
        }
        if (!type.isInstance(decoded)) {
            throw new PoisonRecordException("expected " + type.getSimpleName() + " but got "
                    + (decoded == null ? "null" : decoded.getClass().getSimpleName()));
        }
        return type.cast(decoded);
    }

    /** Encodes a value for {@code topic}, registering its schema if new. */
    public byte[] encode(String topic, Headers headers, SpecificRecord value) {
        return serializer.serialize(topic, headers, value);
    }

    @PreDestroy
    void close() {
        deserializer.close();
        serializer.close();
    }
}
