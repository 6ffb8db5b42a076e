package com.nusomi.shardwriter.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.shardwriter.config.ShardWriterConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Parquet with nested {@code frame} / {@code action} / {@code context} struct columns (the SPEC §6 row), zstd, written
 * through parquet-hadoop without Hadoop at run time (plain configuration, own zstd codec, an output file that never
 * seeks). Only the current row group is buffered, so memory is bounded by {@code parquet-row-group-bytes}.
 */
@ApplicationScoped
public class ParquetShardFormat implements ShardFormat {
    /** Column layout; {@link ColumnValues} says how a row fills it. JSON-shaped values are JSON text. */
    static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message nusomi_row {
              required binary session_id (STRING);
              required int64 t_ms;
              optional group frame {
                required binary image_url (STRING);
                optional group viewport {
                  optional int32 w;
                  optional int32 h;
                  optional double scale;
                }
                optional binary dom (STRING);
                optional binary accessibility_tree (STRING);
              }
              optional group action {
                required binary type (STRING);
                optional group target {
                  optional binary role (STRING);
                  optional binary name (STRING);
                  optional binary selector (STRING);
                }
                optional double x;
                optional double y;
                required binary payload (STRING);
              }
              required group context {
                required binary workflow (STRING);
                optional group prior_action {
                  required binary type (STRING);
                  optional group target {
                    optional binary role (STRING);
                    optional binary name (STRING);
                    optional binary selector (STRING);
                  }
                  optional double x;
                  optional double y;
                  required binary payload (STRING);
                }
                optional binary outcome (STRING);
              }
            }
            """);
    private static final int ZSTD_LEVEL = 3;

    private final long rowGroupBytes;

    ParquetShardFormat(ShardWriterConfig config) {
        this.rowGroupBytes = config.parquetRowGroupBytes();
    }

    @Override
    public ExportFormat format() {
        return ExportFormat.parquet;
    }

    @Override
    public String contentType() {
        return "application/vnd.apache.parquet";
    }

    @Override
    public RowSink open(OutputStream out, FrameImageBytes images) throws IOException {
        ParquetWriter<ShardRow> writer = new Builder(new StreamOutputFile(new NonClosingOutputStream(out)))
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new ZstdCodecFactory(ZSTD_LEVEL))
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withRowGroupSize(rowGroupBytes)
                .withMaxPaddingSize(0)
                // check sizes after every row: one row may carry megabytes of DOM
                .withMinRowCountForPageSizeCheck(1)
                .withDictionaryEncoding(false)
                .withDictionaryEncoding("session_id", true)
                .withDictionaryEncoding("context.workflow", true)
                .withDictionaryEncoding("context.outcome", true)
                .withDictionaryEncoding("action.type", true)
                .withDictionaryEncoding("context.prior_action.type", true)
                .build();
        return new RowSink() {
            @Override
            public void write(ShardRow row) throws IOException {
                writer.write(row);
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }
        };
    }

    private static final class Builder extends ParquetWriter.Builder<ShardRow, Builder> {
        Builder(StreamOutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<ShardRow> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new RowWriteSupport();
        }

        @Override
        protected WriteSupport<ShardRow> getWriteSupport(ParquetConfiguration conf) {
            return new RowWriteSupport();
        }
    }

    /** Emits one row as nested groups; absent optional values are simply not written (null). */
    private static final class RowWriteSupport extends WriteSupport<ShardRow> {
        private RecordConsumer out;

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(SCHEMA, Map.of());
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(SCHEMA, Map.of());
        }

        @Override
        public String getName() {
            return "nusomi";
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(ShardRow row) {
            out.startMessage();
            string("session_id", 0, row.sessionId());
            out.startField("t_ms", 1);
            out.addLong(row.tMs());
            out.endField("t_ms", 1);
            if (row.frame() != null) {
                startGroup("frame", 2);
                frame(row.frame());
                endGroup("frame", 2);
            }
            if (row.action() != null) {
                startGroup("action", 3);
                action(row.action());
                endGroup("action", 3);
            }
            startGroup("context", 4);
            string("workflow", 0, row.context().workflow());
            if (row.context().priorAction() != null) {
                startGroup("prior_action", 1);
                action(row.context().priorAction());
                endGroup("prior_action", 1);
            }
            string("outcome", 2, row.context().outcome());
            endGroup("context", 4);
            out.endMessage();
        }

        private void frame(ShardRow.Frame frame) {
            string("image_url", 0, frame.imageUrl());
            if (frame.viewport() != null && frame.viewport().isObject()) {
                startGroup("viewport", 1);
                Integer w = ColumnValues.viewportInt(frame.viewport(), "w");
                if (w != null) {
                    out.startField("w", 0);
                    out.addInteger(w);
                    out.endField("w", 0);
                }
                Integer h = ColumnValues.viewportInt(frame.viewport(), "h");
                if (h != null) {
                    out.startField("h", 1);
                    out.addInteger(h);
                    out.endField("h", 1);
                }
                number("scale", 2, ColumnValues.viewportDouble(frame.viewport(), "scale"));
                endGroup("viewport", 1);
            }
            string("dom", 2, RowJson.text(frame.dom()));
            string("accessibility_tree", 3, RowJson.text(frame.accessibilityTree()));
        }

        private void action(ShardRow.Action action) {
            string("type", 0, action.type());
            ObjectNode target = ColumnValues.target(action);
            if (target != null) {
                startGroup("target", 1);
                string("role", 0, ColumnValues.targetField(target, "role"));
                string("name", 1, ColumnValues.targetField(target, "name"));
                string("selector", 2, ColumnValues.targetField(target, "selector"));
                endGroup("target", 1);
            }
            number("x", 2, ColumnValues.coordinate(action, "x"));
            number("y", 3, ColumnValues.coordinate(action, "y"));
            string("payload", 4, ColumnValues.payload(action));
        }

        private void string(String field, int index, String value) {
            if (value != null) {
                out.startField(field, index);
                out.addBinary(Binary.fromString(value));
                out.endField(field, index);
            }
        }

        private void number(String field, int index, Double value) {
            if (value != null) {
                out.startField(field, index);
                out.addDouble(value);
                out.endField(field, index);
            }
        }

        private void startGroup(String field, int index) {
            out.startField(field, index);
            out.startGroup();
        }

        private void endGroup(String field, int index) {
            out.endGroup();
            out.endField(field, index);
        }
    }
}
