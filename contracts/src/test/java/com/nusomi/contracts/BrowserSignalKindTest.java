package com.nusomi.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.avro.BrowserSignal;
import com.nusomi.contracts.avro.PointerPhase;
import com.nusomi.contracts.avro.PointerSignal;
import com.nusomi.contracts.avro.RawInputSignal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class BrowserSignalKindTest {

    @Test
    void wireNamesAreUniqueAndFoundAgain() {
        for (BrowserSignalKind kind : BrowserSignalKind.values()) {
            assertEquals(kind, BrowserSignalKind.byWire(kind.wire()).orElseThrow());
        }
        assertTrue(BrowserSignalKind.byWire("hover").isEmpty());
    }

    @Test
    void rawInputSignalStaysReadableByTheSchemaBeforeTheTypedField() throws IOException {
        // the registry enforces BACKWARD per subject: the new reader must read records written before `browser` existed
        Schema before = new Schema.Parser().parse("""
                {"type": "record", "name": "RawInputSignal", "namespace": "com.nusomi.contracts.avro",
                 "fields": [{"name": "kind", "type": "string"}, {"name": "data", "type": "string"}]}""");
        var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(RawInputSignal.getClassSchema(), before);
        assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE, compatibility.getType());

        var typed = RawInputSignal.newBuilder().setKind(BrowserSignalKind.POINTER_DOWN.wire()).setData("{}")
                .setBrowser(BrowserSignal.newBuilder().setSeq(7)
                        .setBody(PointerSignal.newBuilder().setPhase(PointerPhase.down).setX(10).setY(20).setButton(0).setButtons(1).build())
                        .build())
                .build();
        var out = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(RawInputSignal.class).write(typed, encoder);
        encoder.flush();
        var back = new SpecificDatumReader<>(RawInputSignal.class)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertEquals(typed, back);
    }
}
