package com.nusomi.captureagent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.captureagent.cdp.Browser;
import com.nusomi.captureagent.cdp.CdpConnection;
import com.nusomi.captureagent.cdp.PageTabs;
import com.sun.net.httpserver.HttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The in-page snapshot on a real headless Chromium, checked against what Chromium's own {@code DOMSnapshot} gives for
 * the same page ({@link PageSnapshot}): a page scrolled by 80 px with a password field ("secret123"), an e-mail field,
 * an open shadow root holding a button, a srcdoc iframe holding a text field and a second password field ("zzsecret"),
 * and a 3,000-row table of which only the rows on screen may be kept.
 */
class InPageSnapshotTest {
    private static final int ROWS = 3000;
    private static HttpServer pages;
    private static Browser browser;
    private static CdpConnection cdp;
    private static String session;
    private static double vw;
    private static double vh;

    @BeforeAll
    static void openThePage() throws Exception {
        String chromium = PageTabs.chromiumOrSkip();
        pages = PageTabs.serve(page());
        browser = Browser.launch(chromium, List.of("--window-size=1024,700"));
        cdp = CdpConnection.open(browser.webSocketUrl());
        session = PageTabs.openTab(cdp, "http://127.0.0.1:" + pages.getAddress().getPort() + "/form?token=abc");
        PageTabs.await(cdp, session,
                "document.readyState === 'complete' && !!document.querySelector('iframe').contentDocument.getElementById('p2')",
                Duration.ofSeconds(15));
        eval("document.getElementById('pw').value = 'secret123';"
                + "document.querySelector('iframe').contentDocument.getElementById('p2').value = 'zzsecret';"
                + "window.scrollTo(0, 80); true");
        vw = eval("document.documentElement.clientWidth").asDouble();
        vh = eval("document.documentElement.clientHeight").asDouble();
    }

    @AfterAll
    static void close() {
        if (cdp != null) {
            cdp.close();
        }
        if (browser != null) {
            browser.close();
        }
        if (pages != null) {
            pages.stop(0);
        }
    }

    private static JsonNode eval(String expression) {
        return PageTabs.eval(cdp, session, expression);
    }

    private static String page() {
        var sb = new StringBuilder("<!doctype html><html><head><title>T</title><style>body{margin:8px;font:14px sans-serif}"
                + "iframe{position:absolute;left:300px;top:250px;width:300px;height:120px;border:0}</style></head><body>"
                + "<h1>Sign in</h1><form><label for=pw>Password</label> <input id=pw type=password>"
                + " <input name=email type=email value=a@b.c autocomplete=email placeholder=E-mail>"
                + " <button type=button aria-label=Save>💾</button></form>"
                + "<div id=host></div><div aria-hidden=true><button>Hidden from AX</button></div>"
                + "<iframe srcdoc=\"<body style='margin:8px'><input name=inner value=v1> <input name=p2 id=p2 type=password></body>\"></iframe>"
                + "<table><tbody id=rows>");
        for (int i = 0; i < ROWS; i++) {
            sb.append("<tr><td>").append(i).append("</td><td><a href=#r").append(i).append(">Row ").append(i).append("</a></td></tr>");
        }
        return sb.append("</tbody></table><script>document.getElementById('host').attachShadow({mode:'open'}).innerHTML"
                + " = '<button>Shadow btn</button>';</script></body></html>").toString();
    }

    private static JsonNode node(JsonNode tree, String field, String value) {
        return StreamSupport.stream(tree.path("nodes").spliterator(), false)
                .filter(n -> value.equals(n.path(field).asText(null))).findFirst().orElseThrow(() -> new AssertionError(
                        "no node with " + field + "=" + value + " in " + tree.toPrettyString()));
    }

    private static InPageSnapshot.Taken take() {
        return new InPageSnapshot(new AllowList(List.of())).take(cdp, session, vw, vh);
    }

    @Test
    void passwordValuesNeverLeaveThePageAndOtherValuesDo() {
        var s = take().snapshot();
        String all = s.dom().toString() + s.accessibilityTree();
        assertFalse(all.contains("secret123"), all);
        assertFalse(all.contains("zzsecret"), all);
        assertEquals("[masked]", node(s.dom(), "selector", "#pw").path("value").asText());
        assertEquals("password", node(s.dom(), "selector", "#pw").path("input_type").asText());
        assertEquals("Password", node(s.dom(), "selector", "#pw").path("name").asText(), "named by its label");
        assertEquals("a@b.c", node(s.dom(), "field", "email").path("value").asText());
        assertEquals("email", node(s.dom(), "field", "email").path("autocomplete").asText());
        assertEquals("[masked]", node(s.dom(), "field", "p2").path("value").asText());
        assertEquals("[masked]", node(s.accessibilityTree(), "name", "Password").path("value").asText());
        assertEquals("http://127.0.0.1:" + pages.getAddress().getPort() + "/form", s.dom().path("url").asText(), "no query");
        assertEquals("T", s.dom().path("title").asText());
    }

    @Test
    void onlyTheRowsOnScreenAreKeptAndTheyAgreeWithChromiumsDomSnapshot() {
        var taken = take();
        var mine = taken.snapshot().dom();
        var chromium = PageSnapshot.take(cdp, session, vw, vh, new AllowList(List.of()), new PageSnapshot.AxCache(), 0).dom();
        // every element Chromium lays out on screen is in the in-page snapshot, at the same place, with the same facts
        Map<String, JsonNode> bySelector = new TreeMap<>();
        mine.path("nodes").forEach(n -> bySelector.put(n.path("selector").asText(), n));
        int compared = 0;
        for (JsonNode expected : chromium.path("nodes")) {
            String selector = expected.path("selector").asText();
            JsonNode actual = bySelector.get(selector);
            assertNotNull(actual, selector + " is on screen (Chromium's snapshot has it) but not in the in-page one: " + mine);
            for (String axis : List.of("x", "y", "w", "h")) {
                assertEquals(expected.path("bounds").path(axis).asDouble(), actual.path("bounds").path(axis).asDouble(), 1.0,
                        selector + " " + axis);
            }
            for (String field : List.of("tag", "input_type", "field", "value", "autocomplete", "text")) {
                assertEquals(expected.path(field).asText(null), actual.path(field).asText(null), selector + " " + field);
            }
            compared++;
        }
        assertEquals(chromium.path("nodes").size(), mine.path("nodes").size(), "the same elements, no more: " + bySelector.keySet());
        assertTrue(compared > 40, "the first rows of the table are on screen: " + compared);
        assertTrue(bySelector.keySet().stream().noneMatch(k -> k.contains("tr:nth-of-type(2000)")), "row 2000 is far below");
        assertTrue(bySelector.keySet().stream().noneMatch(k -> k.startsWith("html > body:nth-of-type(1) > h1")), "scrolled above");
        assertFalse(mine.path("truncated").asBoolean());
        assertTrue(taken.costMs() >= 0, taken.toString());
    }

    @Test
    void shadowRootsAndSameOriginIframesAreInBothTreesWithTopViewportBounds() {
        var s = take().snapshot();
        assertEquals("#host >>> button:nth-of-type(1)", node(s.dom(), "name", "Shadow btn").path("selector").asText());
        assertEquals("button", node(s.accessibilityTree(), "name", "Shadow btn").path("role").asText());
        JsonNode inner = node(s.dom(), "field", "inner");
        assertEquals("v1", inner.path("value").asText());
        assertEquals(308.0, inner.path("bounds").path("x").asDouble(), 0.6, "the iframe at 300 plus its body margin");
        assertEquals(178.0, inner.path("bounds").path("y").asDouble(), 0.6, "250 + 8, scrolled by 80");
        assertTrue(inner.path("selector").asText().contains("iframe:nth-of-type(1) >>> html > body"), inner.toString());
        JsonNode iframe = node(s.accessibilityTree(), "role", "Iframe");
        assertEquals(iframe.path("id").asText(), node(s.accessibilityTree(), "value", "v1").path("parent").asText(),
                "the iframe's tree hangs under its element");
        assertEquals("Save", node(s.accessibilityTree(), "role", "button").path("name").asText());
        assertTrue(StreamSupport.stream(s.accessibilityTree().path("nodes").spliterator(), false)
                .noneMatch(n -> "Hidden from AX".equals(n.path("name").asText(null))), "aria-hidden is left out of the AX tree");
        assertEquals("button", node(s.dom(), "name", "Hidden from AX").path("tag").asText(), "but it is on screen");
        for (JsonNode n : s.accessibilityTree().path("nodes")) {
            assertTrue(n.hasNonNull("role") && n.has("name") && n.has("value") && n.has("parent") && n.has("bounds"), n.toString());
        }
    }

    /**
     * A holder's later snapshots (rows it has come back as indexes; what an element says is kept in the page between
     * calls) equal a first snapshot taken fresh after each change: a cell's text, a label's text, a typed value, a new
     * aria-label, an input's type, a scroll.
     */
    @Test
    void laterSnapshotsOfAHolderEqualFreshOnesAfterEachChange() {
        var holder = new InPageSnapshot(new AllowList(List.of()));
        holder.take(cdp, session, vw, vh);
        List<String> changes = List.of(
                "document.querySelector('#rows tr:nth-child(3) a').textContent = 'Renamed row'",
                "document.querySelector('label[for=pw]').textContent = 'Passphrase'",
                "document.querySelector('input[name=email]').value = 'typed@example.org'",
                "document.querySelector('#rows tr:nth-child(5) a').setAttribute('aria-label', 'Fifth')",
                "document.querySelector('input[name=email]').setAttribute('type', 'text')",
                "window.scrollTo(0, 120)",
                "1");
        try {
            int reused = 0;
            for (String change : changes) {
                eval(change + "; true");
                var later = holder.take(cdp, session, vw, vh);
                var fresh = take();
                assertEquals(fresh.snapshot().dom(), later.snapshot().dom(), "after " + change);
                assertEquals(fresh.snapshot().accessibilityTree(), later.snapshot().accessibilityTree(), "after " + change);
                assertEquals(0, fresh.rowsReused(), "a first snapshot sends every row");
                if (change.contains("Passphrase")) {
                    assertEquals("Passphrase", node(later.snapshot().dom(), "selector", "#pw").path("name").asText(), "named by its label");
                }
                reused += later.rowsReused();
            }
            assertTrue(reused > 100, "rows unchanged since the last snapshot are not sent again: " + reused);
        } finally {
            eval("document.querySelector('label[for=pw]').textContent = 'Password';"
                    + "document.querySelector('input[name=email]').setAttribute('type', 'email');"
                    + "document.querySelector('input[name=email]').value = 'a@b.c';"
                    + "document.querySelector('#rows tr:nth-child(5) a').removeAttribute('aria-label');"
                    + "document.querySelector('#rows tr:nth-child(3) a').textContent = 'Row 2';"
                    + "window.scrollTo(0, 80); true");
        }
    }
}
