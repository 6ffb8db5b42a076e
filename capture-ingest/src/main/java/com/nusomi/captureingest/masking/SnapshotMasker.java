package com.nusomi.captureingest.masking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.nusomi.contracts.Masking;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Masks a frame's DOM snapshot or accessibility tree (JSON text) generically, whatever produced it (the capture agent
 * or an SDK): every JSON object with {@code bounds {x, y, w, h}} whose {@code value}, {@code text} or {@code name} a
 * workspace rule matches gets those strings set to {@code "[masked]"}, and a sensitive field
 * ({@link MaskingRules#sensitiveField} over {@code input_type}, {@code autocomplete}, {@code field}) its {@code value};
 * such a node's {@code bounds {x, y, w, h}}, if it has them, are returned for blurring (a sensitive field's always, even when its value is already
 * {@code "[masked]"}: the screen still shows it). Every other string in the document has the parts a rule matches
 * replaced (a URL, a title). A node whose bounds are those of a sensitive region found in the other snapshot (the
 * accessibility tree's textbox of a one-time-code input, which carries no {@code autocomplete}) is a sensitive field
 * too. Pure.
 */
public final class SnapshotMasker {
    private static final List<String> VALUE_FIELDS = List.of("value", "text", "name");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SnapshotMasker() {}

    /** A region to blur, in CSS pixels of the top-level viewport. */
    public record Region(double x, double y, double w, double h) {
        /** The same box give or take a pixel (the DOM and the accessibility tree round bounds differently). */
        boolean sameAs(Region other) {
            return Math.abs(x - other.x) <= 1 && Math.abs(y - other.y) <= 1 && Math.abs(w - other.w) <= 1
                    && Math.abs(h - other.h) <= 1;
        }
    }

    /** The masked snapshot (null when {@code json} was null) and the regions of its masked nodes. */
    public record Masked(String json, List<Region> regions) {}

    /**
     * @param json a snapshot as JSON text, or null; text that is not JSON keeps its text with the rule matches
     *             replaced (no regions: nothing in it can be located)
     */
    public static Masked mask(String json, MaskingRules rules) {
        return mask(json, rules, List.of());
    }

    /**
     * As {@link #mask(String, MaskingRules)}, where a node with the bounds of one of {@code sensitive} (the regions
     * masked in the frame's other snapshot, the same element seen from the DOM) counts as a sensitive field.
     */
    public static Masked mask(String json, MaskingRules rules, List<Region> sensitive) {
        if (json == null) {
            return new Masked(null, List.of());
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return new Masked(rules.maskWithin(json), List.of());
        }
        List<Region> regions = new ArrayList<>();
        JsonNode masked = walk(root, rules, sensitive, regions);
        try {
            return new Masked(JSON.writeValueAsString(masked), List.copyOf(regions));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree serializes", e);
        }
    }

    private static JsonNode walk(JsonNode node, MaskingRules rules, List<Region> sensitive, List<Region> regions) {
        if (node instanceof ObjectNode object) {
            Region bounds = bounds(object.get("bounds"));
            boolean sensitiveField = MaskingRules.sensitiveField(text(object, "input_type"), text(object, "autocomplete"),
                    text(object, "field")) || (bounds != null && sensitive.stream().anyMatch(bounds::sameAs));
            boolean masked = false;
            for (String field : VALUE_FIELDS) {
                String value = text(object, field);
                // a sensitive field's value goes whatever it is; its label (name, text) only when a rule matches it
                if (value != null && !value.isEmpty() && ((sensitiveField && field.equals("value")) || rules.matches(value))) {
                    object.put(field, Masking.MASKED);
                    masked = true;
                }
            }
            if (bounds != null && (masked || sensitiveField)) {
                regions.add(bounds);
            }
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            List<Map.Entry<String, JsonNode>> replaced = new ArrayList<>();
            while (fields.hasNext()) {
                var entry = fields.next();
                JsonNode after = walk(entry.getValue(), rules, sensitive, regions);
                if (after != entry.getValue()) {
                    replaced.add(Map.entry(entry.getKey(), after));
                }
            }
            replaced.forEach(e -> object.set(e.getKey(), e.getValue()));
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode after = walk(array.get(i), rules, sensitive, regions);
                if (after != array.get(i)) {
                    array.set(i, after);
                }
            }
            return array;
        }
        if (node.isTextual()) {
            String text = node.asText();
            String masked = rules.maskWithin(text);
            return masked.equals(text) ? node : TextNode.valueOf(masked);
        }
        return node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static Region bounds(JsonNode b) {
        if (b == null || !b.isObject() || !b.path("x").isNumber() || !b.path("y").isNumber() || !b.path("w").isNumber()
                || !b.path("h").isNumber()) {
            return null;
        }
        double w = b.get("w").asDouble();
        double h = b.get("h").asDouble();
        return w > 0 && h > 0 ? new Region(b.get("x").asDouble(), b.get("y").asDouble(), w, h) : null;
    }
}
