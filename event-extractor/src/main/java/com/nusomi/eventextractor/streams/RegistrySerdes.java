package com.nusomi.eventextractor.streams;

import io.apicurio.registry.serde.avro.AvroSerde;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Apicurio Avro serdes for Kafka Streams whose deserializer accepts only the expected record type, so a tombstone or
 * a record of another schema fails deserialization (and is dead-lettered) instead of failing inside a processor.
 */
public final class RegistrySerdes {
    private RegistrySerdes() {}

    public static <T extends SpecificRecord> Serde<T> forValues(Class<T> type, String registryUrl) {
        var avro = new AvroSerde<Object>();
        avro.configure(Map.of(
                "apicurio.registry.url", registryUrl,
                "apicurio.registry.auto-register", "true",
                "apicurio.registry.use-specific-avro-reader", "true",
                AvroSerdeConfig.AVRO_DATUM_PROVIDER, ApplicationAvroDatumProvider.class), false);
        @SuppressWarnings("unchecked")
        var serializer = (org.apache.kafka.common.serialization.Serializer<T>) (Object) avro.serializer();
        return Serdes.serdeFrom(serializer, new Expecting<>(type, avro.deserializer()));
    }

    private record Expecting<T>(Class<T> type, Deserializer<Object> avro) implements Deserializer<T> {
        @Override
        public T deserialize(String topic, byte[] data) {
            return deserialize(topic, null, data);
        }

        @Override
        public T deserialize(String topic, Headers headers, byte[] data) {
            if (data == null) {
                return check(null);
            }
            return check(headers == null ? avro.deserialize(topic, data) : avro.deserialize(topic, headers, data));
        }

        private T check(Object value) {
            if (value == null) {
                throw new SerializationException("null value (tombstone) where a " + type.getSimpleName() + " was expected");
            }
            if (!type.isInstance(value)) {
                throw new SerializationException("expected " + type.getSimpleName() + " but got " + value.getClass().getSimpleName());
            }
            return type.cast(value);
        }

        @Override
        public void close() {
            avro.close();
        }
    }
}
