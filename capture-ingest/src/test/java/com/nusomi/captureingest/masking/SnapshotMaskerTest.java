package com.nusomi.captureingest.masking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nusomi.contracts.Masking;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DOM snapshots and accessibility trees (COMMON shape, or any JSON with bounds) masked before they are stored. */
class SnapshotMaskerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String DOM = """
            {"url": "http://127.0.0.1/pay?to=alice@example.com", "title": "Pay", "truncated": false, "nodes": [
              {"tag": "input", "role": "textbox", "name": "Card number", "selector": "#card", "input_type": "text",
               "field": "payment", "autocomplete": null, "text": null, "value": "4242 4242 4242 4242",
               "bounds": {"x": 10, "y": 20, "w": 200, "h": 30}},
              {"tag": "input", "role": "textbox", "name": "Code", "selector": "#otp", "input_type": "text", "field": "c",
               "autocomplete": "one-time-code", "text": null, "value": "123456", "bounds": {"x": 10, "y": 60, "w": 80, "h": 30}},
              {"tag": "input", "role": "textbox", "name": "Password", "selector": "#pw", "input_type": "password",
               "field": "pw", "autocomplete": null, "text": null, "value": "[masked]", "bounds": {"x": 10, "y": 100, "w": 80, "h": 30}},
              {"tag": "p", "role": null, "name": null, "selector": "p", "input_type": null, "field": null,
               "autocomplete": null, "text": "Receipt to bob@corp.example", "value": null, "bounds": {"x": 0, "y": 140, "w": 300, "h": 20}},
              {"tag": "button", "role": "button", "name": "Pay", "selector": "#pay", "input_type": null, "field": null,
               "autocomplete": null, "text": "Pay", "value": null, "bounds": {"x": 10, "y": 180, "w": 60, "h": 30}}
            ]}""";

    @Test
    void matchingAndSensitiveNodesAreMaskedAndTheirBoundsReturned() throws Exception {
        var masked = SnapshotMasker.mask(DOM, MaskingRules.DEFAULT);
        JsonNode nodes = JSON.readTree(masked.json()).get("nodes");
        assertEquals(Masking.MASKED, nodes.get(0).get("value").asText());
        assertEquals("Card number", nodes.get(0).get("name").asText(), "a label no rule matches is kept");
        assertEquals(Masking.MASKED, nodes.get(1).get("value").asText(), "one-time-code is always masked");
        assertEquals(Masking.MASKED, nodes.get(2).get("value").asText());
        assertEquals(Masking.MASKED, nodes.get(3).get("text").asText());
        assertEquals("Pay", nodes.get(4).get("text").asText());
        assertTrue(nodes.get(4).get("value").isNull());
        assertEquals(List.of(new SnapshotMasker.Region(10, 20, 200, 30), new SnapshotMasker.Region(10, 60, 80, 30),
                new SnapshotMasker.Region(10, 100, 80, 30), new SnapshotMasker.Region(0, 140, 300, 20)), masked.regions());
        assertEquals("http://127.0.0.1/pay?to=[masked]", JSON.readTree(masked.json()).get("url").asText(),
                "free text keeps what no rule matches");
        for (String planted : List.of("4242", "123456", "alice@", "bob@")) {
            assertFalse(masked.json().contains(planted), planted + " in " + masked.json());
        }
    }

    @Test
    void anAccessibilityTreeIsMaskedTheSameWayAndNodesWithoutBoundsAreMaskedWithoutARegion() throws Exception {
        String tree = """
                {"nodes": [{"id": "1", "role": "textbox", "name": "Email", "value": "carol@example.org", "parent": null,
                            "bounds": {"x": 5, "y": 6, "w": 7, "h": 8}},
                           {"id": "2", "role": "StaticText", "name": "SSN 078-05-1120", "value": null, "parent": "1", "bounds": null}],
                 "truncated": false}""";
        var masked = SnapshotMasker.mask(tree, MaskingRules.DEFAULT);
        JsonNode nodes = JSON.readTree(masked.json()).get("nodes");
        assertEquals(Masking.MASKED, nodes.get(0).get("value").asText());
        assertEquals("Email", nodes.get(0).get("name").asText());
        assertEquals(Masking.MASKED, nodes.get(1).get("name").asText());
        assertEquals(List.of(new SnapshotMasker.Region(5, 6, 7, 8)), masked.regions());
    }

    @Test
    void anAccessibilityNodeOverAFieldTheDomMaskedIsMaskedThoughItSaysNothingOfTheField() throws Exception {
        String dom = """
                {"nodes": [{"tag": "input", "role": "textbox", "name": "Code", "selector": "#otp", "input_type": "text",
                            "field": "code", "autocomplete": "one-time-code", "value": "80642719",
                            "bounds": {"x": 10, "y": 20, "w": 120, "h": 24}}], "truncated": false}""";
        String tree = """
                {"nodes": [{"id": "7", "role": "textbox", "name": "Code", "value": "80642719", "parent": null,
                            "bounds": {"x": 10.4, "y": 20, "w": 120, "h": 23.6}},
                           {"id": "8", "role": "textbox", "name": "Customer", "value": "Initech", "parent": null,
                            "bounds": {"x": 10, "y": 60, "w": 120, "h": 24}}], "truncated": false}""";
        var maskedDom = SnapshotMasker.mask(dom, MaskingRules.DEFAULT);
        var maskedTree = SnapshotMasker.mask(tree, MaskingRules.DEFAULT, maskedDom.regions());

        JsonNode nodes = JSON.readTree(maskedTree.json()).get("nodes");
        assertEquals(Masking.MASKED, JSON.readTree(maskedDom.json()).get("nodes").get(0).get("value").asText());
        assertEquals(Masking.MASKED, nodes.get(0).get("value").asText(), "the same element, seen from the AX tree");
        assertEquals("Initech", nodes.get(1).get("value").asText(), "another field keeps its value");
        assertFalse(maskedTree.json().contains("80642719"));
    }

    @Test
    void noSnapshotNoWork() {
        var masked = SnapshotMasker.mask(null, MaskingRules.DEFAULT);
        assertNull(masked.json());
        assertTrue(masked.regions().isEmpty());
    }
}
