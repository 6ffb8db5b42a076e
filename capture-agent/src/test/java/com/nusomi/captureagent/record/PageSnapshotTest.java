package com.nusomi.captureagent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The frame snapshot built from answers a real Chromium gave (recorded in test resources) for a page scrolled by 50 px
 * with a password field (value "secret123"), an e-mail field, an open shadow root holding a button, and a srcdoc iframe
 * at (300, 200) holding a text field and a second password field ("zzsecret").
 */
class PageSnapshotTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode fixture(String name) throws IOException {
        try (var in = PageSnapshotTest.class.getResourceAsStream("/com/nusomi/captureagent/snapshot/" + name + ".json")) {
            return JSON.readTree(in);
        }
    }

    private static PageSnapshot.Snapshot snapshot(AllowList allow) throws IOException {
        return PageSnapshot.build(fixture("dom"), fixture("ax"), List.of(fixture("ax-frame")), 1024, 613, allow);
    }

    private static JsonNode node(JsonNode tree, String field, String value) {
        return StreamSupport.stream(tree.path("nodes").spliterator(), false)
                .filter(n -> value.equals(n.path(field).asText(null))).findFirst().orElseThrow(() -> new AssertionError(
                        "no node with " + field + "=" + value + " in " + tree.toPrettyString()));
    }

    @Test
    void passwordValuesNeverLeaveTheAgentAndOtherValuesDo() throws IOException {
        var s = snapshot(new AllowList(List.of()));
        String all = s.dom().toString() + s.accessibilityTree();
        assertFalse(all.contains("secret123"), all);
        assertFalse(all.contains("zzsecret"), all);
        assertFalse(all.contains("•"), "not even the bullets of the password's length: " + all);
        assertEquals("[masked]", node(s.dom(), "selector", "#pw").path("value").asText());
        assertEquals("password", node(s.dom(), "selector", "#pw").path("input_type").asText());
        assertEquals("a@b.c", node(s.dom(), "field", "email").path("value").asText());
        assertEquals("email", node(s.dom(), "field", "email").path("autocomplete").asText());
        assertEquals("[masked]", node(s.dom(), "field", "p2").path("value").asText());
        assertEquals("[masked]", node(s.accessibilityTree(), "name", "Password").path("value").asText());
    }

    @Test
    void boundsAreInTheTopViewportAcrossScrollAndIframesAndOnlyOnScreenElementsAreKept() throws IOException {
        var s = snapshot(new AllowList(List.of()));
        JsonNode button = node(s.dom(), "name", "Save");
        assertEquals("button", button.path("role").asText());
        assertEquals(17.4, button.path("bounds").path("y").asDouble(), 0.01, "67.4 in the document, scrolled by 50");
        JsonNode inner = node(s.dom(), "field", "inner");
        assertEquals(308.0, inner.path("bounds").path("x").asDouble(), 0.01, "the iframe's box at 300 plus its body margin");
        assertEquals(201.0, inner.path("bounds").path("y").asDouble(), 0.01);
        assertEquals("v1", inner.path("value").asText());
        assertTrue(inner.path("selector").asText().contains("iframe:nth-of-type(1) >>> "), inner.toString());
        // the heading is scrolled above the viewport
        assertTrue(StreamSupport.stream(s.dom().path("nodes").spliterator(), false).noneMatch(n -> n.path("tag").asText().equals("h1")));
        assertFalse(s.dom().path("truncated").asBoolean());
        assertEquals("T", s.dom().path("title").asText());
    }

    @Test
    void openShadowRootsAndSameOriginIframesAreInBothTrees() throws IOException {
        var s = snapshot(new AllowList(List.of()));
        assertEquals("#host >>> button:nth-of-type(1)", node(s.dom(), "name", "Shadow btn").path("selector").asText());
        assertNotNull(node(s.accessibilityTree(), "name", "Shadow btn").path("bounds").path("x"));
        JsonNode iframe = node(s.accessibilityTree(), "role", "Iframe");
        JsonNode innerAx = node(s.accessibilityTree(), "value", "v1");
        assertEquals(iframe.path("id").asText(), innerAx.path("parent").asText(), "the iframe's tree hangs under its element");
        assertEquals(201.0, innerAx.path("bounds").path("y").asDouble(), 0.01);
        for (JsonNode n : s.accessibilityTree().path("nodes")) {
            assertTrue(n.hasNonNull("role") && n.has("name") && n.has("value") && n.has("parent") && n.has("bounds"), n.toString());
        }
    }

    @Test
    void anIframeOnADomainOutsideTheAllowListIsLeftOut() {
        var allow = new AllowList(List.of("acme.com"));
        assertTrue(PageSnapshot.documentAllowed("about:srcdoc", allow));
        assertTrue(PageSnapshot.documentAllowed("https://app.acme.com/x", allow));
        assertFalse(PageSnapshot.documentAllowed("https://tracker.example/x", allow));
    }
}
