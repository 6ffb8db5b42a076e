package com.nusomi.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The matching of docs/extraction.md "Measuring quality", on hand-made truth and events. */
class ExtractionQualityTest {
    private static final long STARTED = 1_800_000_000_000L;

    @Test
    void matchesOnTypeAttributeAndTimeOneToOneClosestFirst() throws Exception {
        JsonNode truth = Api.JSON.readTree("""
                {"events": [
                  {"type": "click", "selector": "#submit", "epoch_ms": 1800000001000},
                  {"type": "submit", "form": "invoice", "epoch_ms": 1800000001010},
                  {"type": "click", "selector": "#submit", "epoch_ms": 1800000001600},
                  {"type": "retry", "of": "click", "epoch_ms": 1800000001610},
                  {"type": "navigate", "to_url": "index.html", "epoch_ms": 1800000005000},
                  {"type": "input_text", "field": "amount", "epoch_ms": 1800000009000}
                ]}""");
        List<JsonNode> events = List.of(
                event("e1", "click", 980, "{\"target\": {\"selector\": \"#submit\"}}"),
                event("e2", "submit", 1000, "{\"form\": \"invoice\"}"),
                event("e3", "click", 1590, "{\"target\": {\"selector\": \"#submit\"}}"),
                event("e4", "retry", 1590, "{\"of_event_id\": \"e1\", \"after_ms\": 610}"),
                event("e5", "navigate", 4700, "{\"to_url\": \"http://127.0.0.1:8765/\"}"),
                event("e6", "keypress", 6000, "{\"key\": \"Enter\"}"),
                event("e7", "input_text", 12_000, "{\"field\": \"amount\"}"));
        var quality = new ExtractionQuality();

        quality.add(truth, STARTED, events);

        var clicks = quality.byType().get("click");
        assertEquals(2, clicks.tp);
        assertEquals(1, quality.byType().get("retry").tp);
        assertEquals(1, quality.byType().get("navigate").tp, "/ is the sample app's index.html");
        assertEquals(1, quality.byType().get("keypress").fp, "no truth for it");
        var input = quality.byType().get("input_text");
        assertEquals(1, input.fn, "3 s away: outside the window");
        assertEquals(1, input.fp);
        var overall = quality.overall();
        assertEquals(5, overall.tp);
        assertEquals(2, overall.fp);
        assertEquals(1, overall.fn);
        assertEquals(10.0 / 13.0, overall.f1(), 1e-9);
    }

    @Test
    void errorsMatchOnTheirKindAndTagsOnTheirName() throws Exception {
        JsonNode truth = Api.JSON.readTree("""
                {"events": [
                  {"type": "error", "kind": "http_error", "epoch_ms": 1800000001000},
                  {"type": "tag", "name": "checkpoint", "epoch_ms": 1800000002000}
                ]}""");
        List<JsonNode> events = List.of(
                event("e1", "error", 1100, "{\"kind\": \"alert\", \"message\": \"Could not save\"}"),
                event("e2", "error", 1200, "{\"kind\": \"http_error\", \"message\": \"POST /api/invoices answered 500\"}"),
                event("e3", "tag", 2010, "{\"name\": \"checkpoint\", \"data\": {\"step\": 2}}"));
        var quality = new ExtractionQuality();

        quality.add(truth, STARTED, events);

        assertEquals(1, quality.byType().get("error").tp);
        assertEquals(1, quality.byType().get("error").fp, "an alert is not the http_error the driver caused");
        assertEquals(1, quality.byType().get("tag").tp);
    }

    private static JsonNode event(String id, String type, long tMs, String payload) throws Exception {
        return Api.JSON.readTree("{\"id\": \"" + id + "\", \"type\": \"" + type + "\", \"t_ms\": " + tMs
                + ", \"payload\": " + payload + "}");
    }
}
