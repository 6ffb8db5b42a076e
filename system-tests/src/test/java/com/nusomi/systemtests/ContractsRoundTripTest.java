package com.nusomi.systemtests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.avro.Nusomi;
import com.nusomi.devstack.DevStackExtension;
import com.nusomi.devstack.DevStackSettings;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every contract record type round-trips through the registry-backed serde into its generated class and back, byte for byte. */
@ExtendWith(DevStackExtension.class)
class ContractsRoundTripTest {

    @Test
    void everyRecordTypeRoundTripsThroughTheRegistry(DevStackSettings infra) {
        Map<String, Object> config = Map.of("apicurio.registry.url", infra.registryUrl(), "apicurio.registry.auto-register", "true");
        var serializer = new AvroKafkaSerializer<Object>();
        serializer.configure(config, false);
        var specific = new AvroKafkaDeserializer<Object>();
        specific.configure(Map.of("apicurio.registry.url", infra.registryUrl(), "apicurio.registry.use-specific-avro-reader", "true"), false);
        var generic = new AvroKafkaDeserializer<Object>();
        generic.configure(Map.of("apicurio.registry.url", infra.registryUrl()), false);

        List<Schema> records = Nusomi.PROTOCOL.getTypes().stream().filter(s -> s.getType() == Schema.Type.RECORD).toList();
        assertTrue(records.size() >= 40, "all contract records: " + records.size());
        for (Schema schema : records) {
            String topic = "contracts.roundtrip." + schema.getName();
            Iterator<Object> samples = new RandomData(GenericData.get(), schema, 3, 42L, false).iterator();
            while (samples.hasNext()) {
                Object sample = samples.next();
                byte[] bytes = serializer.serialize(topic, new RecordHeaders(), sample);
                assertEquals(sample, generic.deserialize(topic, new RecordHeaders(), bytes), schema.getName());
                Object typed = specific.deserialize(topic, new RecordHeaders(), bytes);
                assertInstanceOf(SpecificRecord.class, typed, schema.getName());
                assertEquals(schema.getFullName(), typed.getClass().getName());
                assertArrayEquals(bytes, serializer.serialize(topic, new RecordHeaders(), typed), schema.getName() + " re-encodes identically");
            }
        }
    }
}
