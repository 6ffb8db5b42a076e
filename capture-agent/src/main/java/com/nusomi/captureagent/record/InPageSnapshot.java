package com.nusomi.captureagent.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.captureagent.cdp.CdpConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A frame's {@code dom} and {@code accessibility_tree} built inside the page ({@code snapshot.js}) from the elements on
 * screen only: a few milliseconds of the page's main thread where {@link PageSnapshot}'s {@code DOMSnapshot} and
 * {@code getFullAXTree} serialise and build the whole page (about 70 and 390 ms on a 10,000-element page). Same shape
 * and limits as {@link PageSnapshot}; roles and names follow ARIA and HTML semantics (the accessible name's common
 * cases) instead of Chromium's own accessibility tree. A password field's value is never copied.
 *
 * <p>The page keeps what it sent last: rows this holder already has come back as their index in the last snapshot
 * taken of that tab's document (most rows, while the page only changes here and there), the rest as JSON. What the
 * snapshot costs the page is then walking and measuring the elements on screen, not writing and sending every row.
 */
public final class InPageSnapshot {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE = resource("snapshot.js");

    /**
     * Snapshots may take this share of the page's time at most: after one that cost c ms the next waits c × this (0.25 %
     * of the page's wall time; on the benchmark page, busy about a fifth of the time, some 1.5 % of its main thread). It
     * was 200 until snapshots got about a quarter cheaper (rows compared by their parts, no JSON for unchanged ones): on
     * that page the wait after a snapshot went from about 1.1 to 1.6 s (2 or 3 snapshots in a 5-second drive instead of
     * 4) and their share of its main thread from 2.8 to about 1.5 %. The page's clock sees about all a snapshot costs
     * its main thread (docs/benchmarks.md "Capture overhead (issue 10)").
     */
    public static final int COST_FACTOR = 400;

    /**
     * What one snapshot gave: the frame fields, the viewport it was taken in ({@code {w, h, scale}}, as the recorder's
     * frames carry it), what it cost the page's main thread, and how many of its rows the page did not send again.
     */
    public record Taken(PageSnapshot.Snapshot snapshot, ObjectNode viewport, double costMs, int rowsReused) {}

    /**
     * The calls but for the viewport: the short one names the function installed in the document (null when this
     * document has none yet); the installing one carries its source (parsed by the page: only once per document).
     */
    private final String callHead;
    private final String installHead;
    private final String callTail;
    /** Stops the installed function's observer and removes it from the document (nothing when none is installed). */
    private final String uninstall;
    /** By tab session: the last snapshot's id (the page's) and rows, which the next one may refer to. */
    private final Map<String, Last> lastBySession = new ConcurrentHashMap<>();

    private record Last(String id, List<JsonNode> dom, List<JsonNode> ax) {}

    public InPageSnapshot(AllowList allow) {
        String function = "__nusomi_snapshot_" + HexFormat.of().toHexDigits(System.nanoTime());
        this.callHead = "window['" + function + "'] === undefined ? null : window['" + function + "'](";
        this.installHead = "Object.defineProperty(window, '" + function + "', {value: " + SOURCE + ", configurable: true})['"
                + function + "'](";
        this.uninstall = "(function () { var f = window['" + function + "']; if (f !== undefined) { f.stop(); delete window['"
                + function + "']; } })()";
        this.callTail = String.format(Locale.ROOT, ", %d, %d, %s, ", PageSnapshot.MAX_NODES, PageSnapshot.MAX_TEXT,
                JSON.valueToTree(allow.domains()));
    }

    /**
     * Builds the snapshot of the tab's top document in its visual viewport, which the page reports with it (one call:
     * no {@code Page.getLayoutMetrics} and {@code devicePixelRatio} round trips of its own), installing the function on
     * first use.
     */
    public Taken take(CdpConnection cdp, String session) {
        return take(cdp, session, "null, null");
    }

    /** Builds the snapshot of a {@code vw}×{@code vh} viewport in the tab's top document (installing the function on first use). */
    public Taken take(CdpConnection cdp, String session, double vw, double vh) {
        return take(cdp, session, String.format(Locale.ROOT, "%.1f, %.1f", vw, vh));
    }

    /** Forgets what was sent to a tab that is gone. */
    public void forget(String session) {
        lastBySession.remove(session);
    }

    /**
     * Removes what {@link #take} installed in the tab's document (its mutation observer and what it keeps), so a
     * recording that stopped costs the page nothing more; a later {@code take} installs it again.
     */
    public void uninstall(CdpConnection cdp, String session) {
        forget(session);
        evaluate(cdp, session, uninstall);
    }

    private Taken take(CdpConnection cdp, String session, String viewport) {
        Last last = lastBySession.remove(session); // taken out: a failed call leaves none, the next asks for every row
        String arguments = viewport + callTail + (last == null ? "null" : JSON.valueToTree(last.id()).toString()) + ")";
        JsonNode value = evaluate(cdp, session, callHead + arguments);
        if (value.isNull() || value.isMissingNode()) {
            value = evaluate(cdp, session, installHead + arguments); // a new document
        }
        Parsed parsed = parse(value.asText(""), last);
        lastBySession.put(session, parsed.last());
        return parsed.taken();
    }

    private static JsonNode evaluate(CdpConnection cdp, String session, String expression) {
        JsonNode answer = cdp.call("Runtime.evaluate", CdpConnection.params().put("expression", expression)
                .put("returnByValue", true).put("silent", true), session);
        if (answer.has("exceptionDetails")) {
            throw new CdpConnection.CdpException("in-page snapshot failed: "
                    + answer.path("exceptionDetails").path("exception").path("description").asText(answer.path("exceptionDetails").toString()));
        }
        return answer.path("result").path("value");
    }

    private record Parsed(Taken taken, Last last) {}

    /** The page's answer, its rows referring to {@code last} (when it says so) resolved. */
    private static Parsed parse(String json, Last last) {
        try {
            JsonNode all = JSON.readTree(json);
            boolean based = all.path("based").asBoolean();
            ObjectNode dom = (ObjectNode) all.path("dom");
            ObjectNode ax = (ObjectNode) all.path("accessibility_tree");
            int[] reused = {0};
            List<JsonNode> domRows = resolve(dom, based ? last.dom() : null, reused);
            List<JsonNode> axRows = resolve(ax, based ? last.ax() : null, reused);
            dom.put("url", AllowList.strip(dom.path("url").asText("")));
            JsonNode v = all.path("viewport");
            var taken = new Taken(new PageSnapshot.Snapshot(dom, ax),
                    PageSnapshot.viewport(v.path("w").asDouble(1), v.path("h").asDouble(1), v.path("scale").asDouble(1)),
                    all.path("cost_ms").asDouble(), reused[0]);
            return new Parsed(taken, new Last(all.path("id").asText(), domRows, axRows));
        } catch (IOException | RuntimeException e) {
            throw new CdpConnection.CdpException("in-page snapshot gave no snapshot: " + e.getMessage());
        }
    }

    /** Replaces each index in {@code tree.nodes} by that row of {@code previous}; the rows, in order. */
    private static List<JsonNode> resolve(ObjectNode tree, List<JsonNode> previous, int[] reused) {
        ArrayNode nodes = (ArrayNode) tree.path("nodes");
        List<JsonNode> rows = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode row = nodes.get(i);
            if (row.isInt()) {
                if (previous == null) {
                    throw new IllegalStateException("a row refers to a snapshot this agent does not hold");
                }
                row = previous.get(row.asInt());
                nodes.set(i, row);
                reused[0]++;
            }
            rows.add(row);
        }
        return rows;
    }

    private static String resource(String name) {
        try (InputStream in = InPageSnapshot.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " is missing from the agent", e);
        }
    }
}
