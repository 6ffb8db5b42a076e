package com.nusomi.shardwriter.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How a row maps onto the typed columns of the columnar formats (parquet, arrow), one place for both:
 * {@code viewport {w, h, scale}}, {@code action {type, target {role, name, selector}, x, y, payload}} where
 * {@code payload} holds every payload field as JSON text, and DOM / AX tree as JSON text.
 */
final class ColumnValues {
    private ColumnValues() {}

    static Integer viewportInt(JsonNode viewport, String field) {
        JsonNode n = viewport == null ? null : viewport.get(field);
        return n != null && n.isNumber() ? n.intValue() : null;
    }

    static Double viewportDouble(JsonNode viewport, String field) {
        JsonNode n = viewport == null ? null : viewport.get(field);
        return n != null && n.isNumber() ? n.doubleValue() : null;
    }

    static Double coordinate(ShardRow.Action action, String field) {
        JsonNode n = action.payload().get(field);
        return n != null && n.isNumber() ? n.doubleValue() : null;
    }

    /** The payload's {@code target} object, or null when the event has none. */
    static ObjectNode target(ShardRow.Action action) {
        return action.payload().get("target") instanceof ObjectNode target ? target : null;
    }

    static String targetField(ObjectNode target, String field) {
        JsonNode n = target.get(field);
        return n == null || n.isNull() ? null : n.isTextual() ? n.textValue() : RowJson.text(n);
    }

    /** Every payload field (type excluded) as compact JSON text. */
    static String payload(ShardRow.Action action) {
        ObjectNode fields = action.payload().deepCopy();
        fields.remove("type");
        return RowJson.text(fields);
    }
}
