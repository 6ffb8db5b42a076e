package com.nusomi.eventextractor.streams;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Specific Avro readers and writers bound to the class loader of the application's record classes. Apicurio's default
 * provider resolves record classes through Avro's global {@code SpecificData}, whose name → class cache is filled with
 * whatever the context class loader of the first caller saw; a Kafka Streams thread (or a test client in the same JVM)
 * can make that a copy the application cannot cast.
 */
public class ApplicationAvroDatumProvider<T> extends DefaultAvroDatumProvider<T> {
    private static final SpecificData DATA = new SpecificData(ApplicationAvroDatumProvider.class.getClassLoader());

    static {
        DATA.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    }

    private final ConcurrentHashMap<Schema, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();

    @Override
    public DatumReader<T> createDatumReader(Schema writerSchema) {
        var type = DATA.getClass(writerSchema);
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            return super.createDatumReader(writerSchema);
        }
        return readers.computeIfAbsent(writerSchema,
                writer -> new SpecificDatumReader<>(writer, DATA.getSchema(type), DATA));
    }

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        if (!(data instanceof SpecificRecord)) {
            return super.createDatumWriter(data, schema);
        }
        return writers.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s, DATA));
    }
}
