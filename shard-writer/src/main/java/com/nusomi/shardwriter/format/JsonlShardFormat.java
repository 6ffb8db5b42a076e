package com.nusomi.shardwriter.format;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.nusomi.contracts.avro.ExportFormat;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;

/** JSON Lines: one compact SPEC §6 row per line ({@link RowJson}), UTF-8, {@code \n}-terminated. */
@ApplicationScoped
public class JsonlShardFormat implements ShardFormat {

    @Override
    public ExportFormat format() {
        return ExportFormat.jsonl;
    }

    @Override
    public String contentType() {
        return "application/x-ndjson";
    }

    @Override
    public RowSink open(OutputStream out, FrameImageBytes images) throws IOException {
        JsonGenerator json = RowJson.FACTORY.createGenerator(out, JsonEncoding.UTF8);
        return new RowSink() {
            @Override
            public void write(ShardRow row) throws IOException {
                RowJson.writeRow(json, row);
                json.writeRaw('\n');
            }

            @Override
            public void close() throws IOException {
                json.close();
            }
        };
    }
}
