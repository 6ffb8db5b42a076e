package com.nusomi.shardwriter.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * A row as compact JSON in the SPEC §6 key order, shared by every format that carries JSON (jsonl lines, webdataset
 * members, JSON-text columns of parquet and arrow). Stored JSON keeps the catalog's canonical jsonb key order.
 */
public final class RowJson {
    static final JsonFactory FACTORY = new ObjectMapper().getFactory()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private RowJson() {}

    static void writeRow(JsonGenerator json, ShardRow row) throws IOException {
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
        writeTree(json, frame.viewport());
        json.writeFieldName("dom");
        writeTree(json, frame.dom());
        json.writeFieldName("accessibility_tree");
        writeTree(json, frame.accessibilityTree());
        json.writeEndObject();
    }

    /** {@code {"type": …, <payload fields>}}: the payload is flattened into the action, as in the datasets page. */
    static void writeAction(JsonGenerator json, ShardRow.Action action) throws IOException {
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

    static void writeTree(JsonGenerator json, JsonNode node) throws IOException {
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

    /** The row as one compact JSON document, UTF-8. */
    static byte[] row(ShardRow row) {
        return render(json -> writeRow(json, row));
    }

    /** The action (or {@code null}) as one compact JSON document, UTF-8. */
    static byte[] action(ShardRow.Action action) {
        return render(json -> writeAction(json, action));
    }

    /** A stored JSON tree as compact text, or null. */
    static String text(JsonNode node) {
        return node == null ? null : new String(render(json -> json.writeTree(node)), java.nio.charset.StandardCharsets.UTF_8);
    }

    private interface Writer {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] render(Writer writer) {
        var out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            writer.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
