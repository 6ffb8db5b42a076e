package com.nusomi.shardwriter.format;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nusomi.contracts.avro.ExportFormat;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON Lines: one compact SPEC §6 row per line, UTF-8, {@code \n}-terminated. Keys are written in the SPEC order;
 * nested stored JSON (payload, DOM, AX tree, viewport) keeps the catalog's canonical jsonb key order.
 */
@ApplicationScoped
public class JsonlShardFormat implements ShardFormat {
    private final JsonFactory factory;

    public JsonlShardFormat() {
        this.factory = new ObjectMapper().getFactory()
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    }

    @Override
    public ExportFormat format() {
        return ExportFormat.jsonl;
    }

    @Override
    public String contentType() {
        return "application/x-ndjson";
    }

    @Override
    public RowSink open(OutputStream out) throws IOException {
        JsonGenerator json = factory.createGenerator(out, JsonEncoding.UTF8);
        return new RowSink() {
            @Override
            public void write(ShardRow row) throws IOException {
                writeRow(json, row);
                json.writeRaw('\n');
            }

            @Override
            public void close() throws IOException {
                json.close();
            }
        };
    }

    private static void writeRow(JsonGenerator json, ShardRow row) throws IOException {
        json.writeStartObject();
        json.writeStringField("session_id", row.sessionId());
        json.writeNumberField("t_ms", row.tMs());
        json.writeFieldName("frame");
        writeFrame(json, row.frame());
        json.writeFieldName("action");
        writeAction(json, row.action());
        json.writeObjectFieldStart("context");
        json.writeStringField("workflow", row.context().workflow());
        json.writeFieldName("prior_action");
        writeAction(json, row.context().priorAction());
        json.writeFieldName("outcome");
        writeStringOrNull(json, row.context().outcome());
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeFrame(JsonGenerator json, ShardRow.Frame frame) throws IOException {
        if (frame == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeStringField("image_url", frame.imageUrl());
        json.writeFieldName("viewport");
        writeTreeOrNull(json, frame.viewport());
        json.writeFieldName("dom");
        writeTreeOrNull(json, frame.dom());
        json.writeFieldName("accessibility_tree");
        writeTreeOrNull(json, frame.accessibilityTree());
        json.writeEndObject();
    }

    /** {@code {"type": …, <payload fields>}}: the payload is flattened into the action, as in the datasets page. */
    private static void writeAction(JsonGenerator json, ShardRow.Action action) throws IOException {
        if (action == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeStringField("type", action.type());
        for (Iterator<Map.Entry<String, JsonNode>> fields = action.payload().fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if ("type".equals(field.getKey())) {
                continue; // no payload has a "type" field; never let one shadow the event type
            }
            json.writeFieldName(field.getKey());
            json.writeTree(field.getValue());
        }
        json.writeEndObject();
    }

    private static void writeTreeOrNull(JsonGenerator json, JsonNode node) throws IOException {
        if (node == null) {
            json.writeNull();
        } else {
            json.writeTree(node);
        }
    }

    private static void writeStringOrNull(JsonGenerator json, String value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else {
            json.writeString(value);
        }
    }
}
