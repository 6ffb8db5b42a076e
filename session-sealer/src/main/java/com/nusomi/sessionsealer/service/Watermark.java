package com.nusomi.sessionsealer.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What "everything sent before the stop" means in offsets, stored as {@code sessions.stop_watermark}:
 * {@code {"frames": {"<partition>": endOffset}, "signals": {...}, "lifecycle": {...}, "events": {...}}}. Frames and
 * signals are recorded at stop; lifecycle (the end of {@code nusomi.sessions.lifecycle}, past the session's
 * {@code stopped} transition) once the extractor has passed frames and signals; events (the read-committed end of
 * {@code nusomi.events}) once the extractor has passed the lifecycle offsets. Watermarks stored before the lifecycle
 * gate existed have no {@code lifecycle} key; one that already has {@code events} needs no lifecycle any more.
 */
public record Watermark(Map<Integer, Long> frames, Map<Integer, Long> signals,
                        Optional<Map<Integer, Long>> lifecycle, Optional<Map<Integer, Long>> events) {
    public static final String LIFECYCLE = "lifecycle";
    public static final String EVENTS = "events";
    private static final ObjectMapper JSON = new ObjectMapper();

    public Watermark {
        frames = Map.copyOf(frames);
        signals = Map.copyOf(signals);
        lifecycle = lifecycle.map(Map::copyOf);
        events = events.map(Map::copyOf);
    }

    public static Watermark atStop(Map<Integer, Long> frames, Map<Integer, Long> signals) {
        return new Watermark(frames, signals, Optional.empty(), Optional.empty());
    }

    public Watermark withLifecycle(Map<Integer, Long> lifecycleEnd) {
        return new Watermark(frames, signals, Optional.of(lifecycleEnd), events);
    }

    public Watermark withEvents(Map<Integer, Long> eventsEnd) {
        return new Watermark(frames, signals, lifecycle, Optional.of(eventsEnd));
    }

    /** True when every partition's position has reached its recorded offset; a missing position counts as 0. */
    public static boolean reached(Map<Integer, Long> targets, Map<Integer, Long> positions) {
        return targets.entrySet().stream().allMatch(t -> t.getValue() <= positions.getOrDefault(t.getKey(), 0L));
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.set("frames", offsets(frames));
        root.set("signals", offsets(signals));
        lifecycle.ifPresent(l -> root.set(LIFECYCLE, offsets(l)));
        events.ifPresent(e -> root.set(EVENTS, offsets(e)));
        return root.toString();
    }

    /** One recorded offsets map as JSON text, for adding a single key to a stored watermark. */
    public static String offsetsJson(Map<Integer, Long> offsets) {
        return offsets(offsets).toString();
    }

    public static Watermark fromJson(String text) {
        try {
            JsonNode root = JSON.readTree(text);
            if (!root.isObject()) {
                throw new IllegalStateException("stop watermark is not a JSON object: " + text);
            }
            return new Watermark(offsets(root.path("frames")), offsets(root.path("signals")),
                    optionalOffsets(root, LIFECYCLE), optionalOffsets(root, EVENTS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stop watermark: " + text, e);
        }
    }

    private static Optional<Map<Integer, Long>> optionalOffsets(JsonNode root, String key) {
        return root.has(key) ? Optional.of(offsets(root.get(key))) : Optional.empty();
    }

    private static ObjectNode offsets(Map<Integer, Long> offsets) {
        ObjectNode node = JSON.createObjectNode();
        new TreeMap<>(offsets).forEach((partition, offset) -> node.put(Integer.toString(partition), offset));
        return node;
    }

    private static Map<Integer, Long> offsets(JsonNode node) {
        var offsets = new TreeMap<Integer, Long>();
        node.fields().forEachRemaining(e -> offsets.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
        return offsets;
    }
}
