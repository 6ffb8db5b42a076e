package com.nusomi.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores extracted events against the sample-app driver's ground truth (docs/extraction.md "Measuring quality"): a pair
 * matches on type, the identifying attribute and a time within {@link #WINDOW_MS}; pairs are assigned one to one,
 * closest first. Counts add up over runs.
 */
final class ExtractionQuality {
    static final long WINDOW_MS = 2_000;

    /** True/false positives and false negatives of one event type. */
    static final class Counts {
        int tp;
        int fp;
        int fn;

        double precision() {
            return tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
        }

        double recall() {
            return tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
        }

        double f1() {
            return 2.0 * tp + fp + fn == 0 ? 1.0 : 2.0 * tp / (2.0 * tp + fp + fn);
        }
    }

    /** One event on the wall clock, with the attribute that identifies it. */
    record Item(String type, long epochMs, String key, String describe) {}

    private final Map<String, Counts> byType = new TreeMap<>();
    private final List<String> misses = new ArrayList<>();
    private int runs;

    /** Adds one recorded session: its ground truth, its {@code started_at} and its events as the API lists them. */
    void add(JsonNode truth, long startedAtEpochMs, List<JsonNode> events) {
        runs++;
        List<Item> expected = new ArrayList<>();
        truth.path("events").forEach(t -> expected.add(truthItem(t)));
        Map<String, String> typeById = new HashMap<>();
        events.forEach(e -> typeById.put(e.path("id").asText(), e.path("type").asText()));
        List<Item> found = new ArrayList<>();
        events.forEach(e -> found.add(extractedItem(e, startedAtEpochMs, typeById)));

        record Pair(int truth, int found, long distance) {}
        List<Pair> candidates = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            for (int j = 0; j < found.size(); j++) {
                Item t = expected.get(i);
                Item f = found.get(j);
                long distance = Math.abs(t.epochMs() - f.epochMs());
                if (t.type().equals(f.type()) && t.key().equals(f.key()) && distance <= WINDOW_MS) {
                    candidates.add(new Pair(i, j, distance));
                }
            }
        }
        candidates.sort(Comparator.comparingLong(Pair::distance));
        Set<Integer> matchedTruth = new HashSet<>();
        Set<Integer> matchedFound = new HashSet<>();
        for (Pair p : candidates) {
            if (!matchedTruth.contains(p.truth()) && !matchedFound.contains(p.found())) {
                matchedTruth.add(p.truth());
                matchedFound.add(p.found());
                counts(expected.get(p.truth()).type()).tp++;
            }
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!matchedTruth.contains(i)) {
                counts(expected.get(i).type()).fn++;
                misses.add("run " + runs + " missed " + expected.get(i).describe());
            }
        }
        for (int j = 0; j < found.size(); j++) {
            if (!matchedFound.contains(j)) {
                counts(found.get(j).type()).fp++;
                misses.add("run " + runs + " extra " + found.get(j).describe());
            }
        }
    }

    Map<String, Counts> byType() {
        return byType;
    }

    Counts overall() {
        var all = new Counts();
        byType.values().forEach(c -> {
            all.tp += c.tp;
            all.fp += c.fp;
            all.fn += c.fn;
        });
        return all;
    }

    List<String> misses() {
        return misses;
    }

    int runs() {
        return runs;
    }

    /** The per-type and overall table, markdown. */
    String table() {
        var text = new StringBuilder("| type | truth | extracted | matched | precision | recall | F1 |\n|---|---|---|---|---|---|---|\n");
        byType.forEach((type, c) -> text.append(row(type, c)));
        text.append(row("**overall**", overall()));
        return text.toString();
    }

    private static String row(String type, Counts c) {
        return String.format("| %s | %d | %d | %d | %.3f | %.3f | %.3f |%n", type, c.tp + c.fn, c.tp + c.fp, c.tp,
                c.precision(), c.recall(), c.f1());
    }

    private Counts counts(String type) {
        return byType.computeIfAbsent(type, t -> new Counts());
    }

    private static Item truthItem(JsonNode t) {
        String type = t.path("type").asText();
        String key = switch (type) {
            case "click" -> t.path("selector").asText();
            case "input_text", "validation_error" -> t.path("field").asText();
            case "submit" -> t.path("form").asText();
            case "navigate" -> t.path("to_url").asText();
            case "wait" -> t.path("reason").asText();
            case "success" -> t.path("marker").asText();
            case "error" -> t.path("kind").asText();
            case "tag" -> t.path("name").asText();
            case "retry" -> t.path("of").asText();
            default -> "";
        };
        return new Item(type, t.path("epoch_ms").asLong(), key, type + " " + key + " at " + t.path("epoch_ms").asLong());
    }

    private static Item extractedItem(JsonNode e, long startedAtEpochMs, Map<String, String> typeById) {
        String type = e.path("type").asText();
        JsonNode p = e.path("payload");
        String key = switch (type) {
            case "click" -> p.path("target").path("selector").asText();
            case "input_text", "validation_error" -> p.path("field").asText();
            case "submit" -> p.path("form").asText();
            case "navigate" -> page(p.path("to_url").asText());
            case "wait" -> p.path("reason").asText();
            case "success" -> p.path("marker").asText();
            case "error" -> p.path("kind").asText();
            case "tag" -> p.path("name").asText();
            case "retry" -> typeById.getOrDefault(p.path("of_event_id").asText(), "?");
            default -> "";
        };
        long epoch = startedAtEpochMs + e.path("t_ms").asLong();
        return new Item(type, epoch, key, type + " " + key + " at " + epoch + " (t_ms " + e.path("t_ms").asLong() + ", "
                + e.path("id").asText() + ")");
    }

    /** The sample app's page a URL names: {@code /} is index.html. */
    static String page(String url) {
        String path = URI.create(url).getPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            return "index.html";
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
