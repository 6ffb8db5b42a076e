package com.nusomi.captureagent.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.captureagent.cdp.CdpConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A frame's {@code dom} and {@code accessibility_tree} (the shape COMMON to agent, masking and extraction): built from
 * one {@code DOMSnapshot.captureSnapshot} (every same-origin document of the tab, open shadow roots; user-agent and
 * closed shadow trees left out) and one {@code Accessibility.getFullAXTree}, joined on backend node ids so AX nodes get
 * the layout bounds. Bounds are CSS px in the top-level viewport; only elements with a box inside the viewport are kept,
 * at most {@link #MAX_NODES} of each. A password field's value is never copied: it becomes {@code "[masked]"}.
 */
public final class PageSnapshot {
    public static final int MAX_NODES = 1000;
    static final int MAX_TEXT = 200;
    static final String MASKED = "[masked]";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> STYLES = List.of("display", "visibility");
    private static final Map<String, String> IMPLICIT_ROLE = Map.ofEntries(Map.entry("a", "link"), Map.entry("button", "button"),
            Map.entry("select", "combobox"), Map.entry("textarea", "textbox"), Map.entry("form", "form"),
            Map.entry("dialog", "dialog"), Map.entry("h1", "heading"), Map.entry("h2", "heading"), Map.entry("h3", "heading"),
            Map.entry("h4", "heading"), Map.entry("img", "img"), Map.entry("table", "table"), Map.entry("tr", "row"),
            Map.entry("td", "cell"), Map.entry("th", "columnheader"), Map.entry("li", "listitem"), Map.entry("ul", "list"),
            Map.entry("ol", "list"), Map.entry("nav", "navigation"), Map.entry("main", "main"), Map.entry("option", "option"));
    private static final Set<String> NO_TEXT = Set.of("head", "title", "script", "style", "noscript", "template");
    private static final Set<String> CONTROLS = Set.of("input", "textarea", "select");
    private static final Set<String> INTERACTIVE = Set.of("a", "button", "input", "textarea", "select", "option", "label", "summary");
    /** AX roles that say nothing about the element (Chromium's own layout roles). */
    private static final Set<String> VAGUE_AX_ROLES = Set.of("generic", "none", "StaticText", "InlineTextBox", "LineBreak",
            "RootWebArea", "LayoutTable", "LayoutTableRow", "LayoutTableCell", "paragraph", "Section", "group");
    private static final Set<String> SKIPPED_AX_ROLES = Set.of("InlineTextBox", "StaticText", "LineBreak");

    /** The frame fields: {@code dom} and {@code accessibility_tree}. */
    public record Snapshot(ObjectNode dom, ObjectNode accessibilityTree) {}

    private PageSnapshot() {}

    /**
     * The raw accessibility trees last fetched for a tab (root frame, then each same-origin iframe): Chromium builds the
     * whole AX tree for every {@code getFullAXTree} (about a second of main thread on a 10,000-element page), so it is
     * fetched again only every {@code axIntervalMs}; each snapshot joins it with the fresh DOM snapshot's bounds.
     */
    public static final class AxCache {
        JsonNode root;
        List<JsonNode> frames = List.of();
        long fetchedAt;
        long costMs;
        int documents = -1;
    }

    /** Snapshots may take this share of the page's time at most: after one that cost c ms the next waits c × this. */
    public static final int COST_FACTOR = 50;

    /**
     * Asks the tab for a DOM snapshot (and, when the cached one is older than {@code axIntervalMs} or the documents
     * changed, for its accessibility trees) and builds the frame's snapshot of a {@code vw}×{@code vh} viewport.
     */
    public static Snapshot take(CdpConnection cdp, String session, double vw, double vh, AllowList allow, AxCache ax,
                                long axIntervalMs) {
        long now = System.currentTimeMillis();
        boolean axDue = ax.root == null || now - ax.fetchedAt >= Math.max(axIntervalMs, ax.costMs * COST_FACTOR);
        CompletableFuture<JsonNode> dom = cdp.send("DOMSnapshot.captureSnapshot", CdpConnection.params()
                .<ObjectNode>set("computedStyles", JSON.valueToTree(STYLES)), session);
        CompletableFuture<JsonNode> rootAx = axDue ? cdp.send("Accessibility.getFullAXTree", CdpConnection.params(), session) : null;
        JsonNode domAnswer = await(dom);
        JsonNode documents = domAnswer.path("documents");
        if (rootAx == null && documents.size() != ax.documents) {
            rootAx = cdp.send("Accessibility.getFullAXTree", CdpConnection.params(), session); // an iframe came or went
        }
        if (rootAx != null) {
            JsonNode rootAnswer = await(rootAx);
            // the root frame's AX tree stops at an iframe: each same-origin iframe's document is asked for its own
            List<CompletableFuture<JsonNode>> frames = new ArrayList<>();
            for (int d = 1; d < documents.size(); d++) {
                String url = domAnswer.path("strings").path(documents.get(d).path("documentURL").asInt(-1)).asText("");
                JsonNode frameId = documents.get(d).path("frameId");
                String id = frameId.isInt() ? domAnswer.path("strings").path(frameId.asInt()).asText("") : frameId.asText("");
                frames.add(id.isEmpty() || !documentAllowed(url, allow) ? CompletableFuture.completedFuture(JSON.createObjectNode())
                        : cdp.send("Accessibility.getFullAXTree", CdpConnection.params().put("frameId", id), session)
                                .exceptionally(e -> JSON.createObjectNode()));
            }
            List<JsonNode> frameTrees = new ArrayList<>();
            for (var f : frames) {
                frameTrees.add(await(f));
            }
            ax.root = rootAnswer;
            ax.frames = frameTrees;
            ax.fetchedAt = now;
            ax.costMs = System.currentTimeMillis() - now;
            ax.documents = documents.size();
        }
        return build(domAnswer, ax.root, ax.frames, vw, vh, allow);
    }

    /**
     * A frame's {@code viewport {w, h, scale}} from the CSS viewport and {@code devicePixelRatio} as the page reports
     * them: whole CSS px, at least 1; a scale that is not positive counts as 1.
     */
    public static ObjectNode viewport(double w, double h, double scale) {
        return JSON.createObjectNode().put("w", Math.max(1, (int) Math.round(w))).put("h", Math.max(1, (int) Math.round(h)))
                .put("scale", scale > 0 ? scale : 1.0);
    }

    /** An iframe's document is recorded when it is on an allow-listed domain, or has no network URL of its own (about:srcdoc). */
    public static boolean documentAllowed(String url, AllowList allow) {
        return !(url.startsWith("http:") || url.startsWith("https:")) || allow.allows(url);
    }

    private static JsonNode await(CompletableFuture<JsonNode> answer) {
        try {
            return answer.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new CdpConnection.CdpException(e.getCause().toString());
        } catch (TimeoutException e) {
            throw new CdpConnection.CdpException("snapshot got no answer within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdpConnection.CdpException("snapshot interrupted");
        }
    }

    /** Builds the frame fields from the two CDP answers (a pure function, so it is tested on recorded answers). */
    static Snapshot build(JsonNode domAnswer, JsonNode axAnswer, List<JsonNode> frameTrees, double vw, double vh,
                          AllowList allow) {
        var docs = new Documents(domAnswer, vw, vh, allow);
        ObjectNode ax = axTree(axAnswer, frameTrees, docs); // first: its roles and names serve the DOM side
        return new Snapshot(docs.dom(), ax);
    }

    // ---------- accessibility tree ----------

    private static ObjectNode axTree(JsonNode answer, List<JsonNode> frameTrees, Documents docs) {
        Map<String, JsonNode> byId = new HashMap<>();
        Map<Long, String> byBackend = new HashMap<>();
        List<String> roots = new ArrayList<>();
        for (JsonNode n : answer.path("nodes")) {
            String id = n.path("nodeId").asText();
            byId.put(id, n);
            byBackend.putIfAbsent(n.path("backendDOMNodeId").asLong(-1), id);
            if (!n.hasNonNull("parentId")) {
                roots.add(id);
            }
        }
        // an iframe document's tree hangs under its owner element's AX node; its ids get a prefix (they may repeat)
        for (int f = 0; f < frameTrees.size() && f + 1 < docs.docs.size(); f++) {
            String owner = byBackend.get(docs.docs.get(f + 1).ownerBackend);
            String prefix = "f" + (f + 1) + ":";
            for (JsonNode original : frameTrees.get(f).path("nodes")) {
                ObjectNode n = original.deepCopy();
                String id = prefix + n.path("nodeId").asText();
                n.put("nodeId", id);
                ArrayNode children = JSON.createArrayNode();
                n.path("childIds").forEach(c -> children.add(prefix + c.asText()));
                n.set("childIds", children);
                if (n.hasNonNull("parentId")) {
                    n.put("parentId", prefix + n.path("parentId").asText());
                } else if (owner != null && byId.get(owner) instanceof ObjectNode o) {
                    n.put("parentId", owner);
                    (o.get("childIds") instanceof ArrayNode a ? a : o.putArray("childIds")).add(id);
                } else {
                    continue; // an iframe whose element is not in the tree (hidden): not recorded
                }
                byId.put(id, n);
                byBackend.putIfAbsent(n.path("backendDOMNodeId").asLong(-1), id);
            }
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("nodes");
        boolean truncated = false;
        // depth first from the root, so a node's kept ancestor is known when it is reached
        record Visit(String id, String keptAncestor, boolean insidePassword) {}
        var stack = new java.util.ArrayDeque<Visit>();
        for (int r = roots.size() - 1; r >= 0; r--) {
            stack.push(new Visit(roots.get(r), null, false));
        }
        Set<String> seen = new java.util.HashSet<>();
        while (!stack.isEmpty()) {
            Visit v = stack.pop();
            JsonNode n = byId.get(v.id());
            if (n == null || !seen.add(v.id())) {
                continue;
            }
            String role = n.path("role").path("value").asText("");
            long backend = n.path("backendDOMNodeId").asLong(-1);
            double[] bounds = backend >= 0 ? docs.boundsByBackend.get(backend) : null;
            boolean password = v.insidePassword() || (backend >= 0 && docs.passwordBackend.contains(backend));
            String name = stringValue(n.path("name"));
            // ignored, text runs, unnamed wrappers and nodes off screen are left out; their children hang on the nearest kept one
            boolean skip = v.insidePassword() || n.path("ignored").asBoolean(false) || SKIPPED_AX_ROLES.contains(role)
                    || (("generic".equals(role) || "none".equals(role)) && name == null)
                    || (bounds == null && v.keptAncestor() != null) || (bounds != null && !docs.onScreen(bounds));
            String kept = v.keptAncestor();
            if (!skip && list.size() >= MAX_NODES) {
                truncated = true;
            } else if (!skip) {
                kept = v.id();
                ObjectNode o = list.addObject().put("id", v.id()).put("role", role);
                o.put("name", clip(name));
                String value = stringValue(n.path("value"));
                o.put("value", password && value != null ? MASKED : clip(value));
                o.put("parent", v.keptAncestor());
                if (bounds == null) {
                    o.putNull("bounds");
                } else {
                    o.set("bounds", boundsNode(bounds));
                }
                if (backend >= 0 && !VAGUE_AX_ROLES.contains(role) && !role.isEmpty() && Character.isLowerCase(role.charAt(0))) {
                    docs.axRole.put(backend, role);
                }
                if (backend >= 0 && name != null) {
                    docs.axName.put(backend, clip(name));
                }
            }
            JsonNode childIds = n.path("childIds");
            for (int c = childIds.size() - 1; c >= 0; c--) {
                stack.push(new Visit(childIds.get(c).asText(), kept, password));
            }
        }
        out.put("truncated", truncated);
        return out;
    }

    private static String stringValue(JsonNode axValue) {
        JsonNode v = axValue.path("value");
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }

    static String clip(String s) {
        if (s == null) {
            return null;
        }
        String t = s.replaceAll("\\s+", " ").strip();
        if (t.isEmpty()) {
            return null;
        }
        return t.length() > MAX_TEXT ? t.substring(0, MAX_TEXT) : t;
    }

    static ObjectNode boundsNode(double[] b) {
        return JSON.createObjectNode().put("x", round(b[0])).put("y", round(b[1])).put("w", round(b[2])).put("h", round(b[3]));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    // ---------- DOM ----------

    /** The DOMSnapshot answer flattened: every element of every document, its viewport bounds, and what the DOM side needs. */
    private static final class Documents {
        final JsonNode strings;
        final double vw;
        final double vh;
        final List<Doc> docs = new ArrayList<>();
        final Map<Long, double[]> boundsByBackend = new HashMap<>();
        final Set<Long> passwordBackend = new java.util.HashSet<>();
        final Map<Long, String> axRole = new HashMap<>();
        final Map<Long, String> axName = new HashMap<>();
        String url = "";
        String title = "";

        Documents(JsonNode answer, double vw, double vh, AllowList allow) {
            this.strings = answer.path("strings");
            this.vw = vw;
            this.vh = vh;
            JsonNode documents = answer.path("documents");
            for (int d = 0; d < documents.size(); d++) {
                docs.add(new Doc(this, documents.get(d)));
            }
            if (!docs.isEmpty()) {
                url = AllowList.strip(str(documents.get(0).path("documentURL").asInt(-1)));
                title = str(documents.get(0).path("title").asInt(-1));
            }
            // offsets: a document inside an iframe sits at its owner element's box (documents come parents first)
            for (Doc parent : docs) {
                parent.contentDocs.forEach((node, child) -> {
                    if (child < docs.size() && child > 0) {
                        double[] owner = parent.viewportBounds(node);
                        Doc c = docs.get(child);
                        c.offsetX = owner == null ? Double.NaN : owner[0];
                        c.offsetY = owner == null ? Double.NaN : owner[1];
                        c.ownerSelector = parent.selector(node);
                        c.ownerBackend = parent.backend[node];
                        c.hiddenOwner = owner == null || parent.excluded[node] || parent.hiddenOwner
                                || !documentAllowed(str(documents.get(child).path("documentURL").asInt(-1)), allow);
                    }
                });
            }
            for (Doc doc : docs) {
                doc.index();
            }
        }

        String str(int i) {
            return i < 0 || i >= strings.size() ? "" : strings.get(i).asText();
        }

        boolean onScreen(double[] b) {
            return b[2] > 0 && b[3] > 0 && b[0] < vw && b[1] < vh && b[0] + b[2] > 0 && b[1] + b[3] > 0;
        }

        ObjectNode dom() {
            record Candidate(Doc doc, int node, boolean important) {}
            List<Candidate> candidates = new ArrayList<>();
            for (Doc doc : docs) {
                if (doc.hiddenOwner) {
                    continue;
                }
                for (int i = 0; i < doc.size; i++) {
                    if (doc.nodeType[i] != 1 || doc.excluded[i]) {
                        continue;
                    }
                    double[] b = doc.viewportBounds(i);
                    if (b == null || !onScreen(b) || !doc.rendered(i)) {
                        continue;
                    }
                    String tag = doc.tag(i);
                    boolean important = INTERACTIVE.contains(tag) || doc.attr(i, "role") != null || doc.hasOwnText(i)
                            || doc.attr(i, "contenteditable") != null;
                    candidates.add(new Candidate(doc, i, important));
                }
            }
            boolean truncated = candidates.size() > MAX_NODES;
            if (truncated) { // interactive and text-bearing elements first, then layout boxes, each in document order
                List<Candidate> kept = new ArrayList<>(candidates.stream().filter(Candidate::important).limit(MAX_NODES).toList());
                candidates.stream().filter(c -> !c.important()).limit(MAX_NODES - kept.size()).forEach(kept::add);
                Map<Doc, Integer> order = new HashMap<>();
                docs.forEach(d -> order.put(d, order.size()));
                kept.sort(java.util.Comparator.<Candidate>comparingInt(c -> order.get(c.doc())).thenComparingInt(Candidate::node));
                candidates = kept;
            }
            ObjectNode out = JSON.createObjectNode().put("url", url).put("title", title);
            ArrayNode list = out.putArray("nodes");
            for (Candidate c : candidates) {
                list.add(c.doc().node(c.node()));
            }
            out.put("truncated", truncated);
            return out;
        }
    }

    /** One document of the snapshot (the top one, or a same-origin iframe's). */
    private static final class Doc {
        final Documents all;
        final int size;
        final int[] parent;
        final int[] nodeType;
        final int[] nodeName;
        final int[] nodeValue;
        final long[] backend;
        final JsonNode attributes;
        final int[] layoutOf;
        final JsonNode layoutBounds;
        final JsonNode layoutStyles;
        final boolean[] excluded;
        final String[] shadowType;
        final String frameId;
        long ownerBackend = -1;
        final List<List<Integer>> children = new ArrayList<>();
        final Map<Integer, Integer> contentDocs = new HashMap<>();
        final Map<Integer, String> inputValue = new HashMap<>();
        final Map<Integer, String> textValue = new HashMap<>();
        final Set<Integer> checked = new java.util.HashSet<>();
        final Set<Integer> selectedOption = new java.util.HashSet<>();
        final Map<String, String> labelFor = new HashMap<>();
        final Map<Integer, String> selectors = new HashMap<>();
        final double scrollX;
        final double scrollY;
        double offsetX;
        double offsetY;
        String ownerSelector;
        boolean hiddenOwner;

        Doc(Documents all, JsonNode doc) {
            this.all = all;
            JsonNode nodes = doc.path("nodes");
            this.size = nodes.path("nodeType").size();
            parent = ints(nodes.path("parentIndex"), size);
            nodeType = ints(nodes.path("nodeType"), size);
            nodeName = ints(nodes.path("nodeName"), size);
            nodeValue = ints(nodes.path("nodeValue"), size);
            backend = new long[size];
            for (int i = 0; i < size; i++) {
                backend[i] = nodes.path("backendNodeId").path(i).asLong(-1);
            }
            attributes = nodes.path("attributes");
            scrollX = doc.path("scrollOffsetX").asDouble(0);
            scrollY = doc.path("scrollOffsetY").asDouble(0);
            JsonNode layout = doc.path("layout");
            layoutOf = new int[size];
            java.util.Arrays.fill(layoutOf, -1);
            JsonNode layoutNodes = layout.path("nodeIndex");
            for (int l = 0; l < layoutNodes.size(); l++) {
                int n = layoutNodes.get(l).asInt();
                if (n >= 0 && n < size && layoutOf[n] < 0) {
                    layoutOf[n] = l;
                }
            }
            layoutBounds = layout.path("bounds");
            layoutStyles = layout.path("styles");
            for (int i = 0; i < size; i++) {
                children.add(new ArrayList<>());
            }
            for (int i = 0; i < size; i++) {
                if (parent[i] >= 0 && parent[i] < size) {
                    children.get(parent[i]).add(i);
                }
            }
            rare(nodes.path("inputValue"), inputValue);
            rare(nodes.path("textValue"), textValue);
            nodes.path("inputChecked").path("index").forEach(n -> checked.add(n.asInt()));
            nodes.path("optionSelected").path("index").forEach(n -> selectedOption.add(n.asInt()));
            JsonNode cd = nodes.path("contentDocumentIndex");
            for (int k = 0; k < cd.path("index").size(); k++) {
                contentDocs.put(cd.path("index").get(k).asInt(), cd.path("value").get(k).asInt());
            }
            // nodes inside a shadow tree carry its type; user-agent and closed ones are never recorded
            excluded = new boolean[size];
            shadowType = new String[size];
            JsonNode shadow = nodes.path("shadowRootType");
            for (int k = 0; k < shadow.path("index").size(); k++) {
                int n = shadow.path("index").get(k).asInt();
                if (n >= 0 && n < size) {
                    shadowType[n] = all.str(shadow.path("value").get(k).asInt());
                }
            }
            for (int i = 0; i < size; i++) { // parents come before children in the snapshot's order
                excluded[i] = (shadowType[i] != null && !"open".equals(shadowType[i]))
                        || (parent[i] >= 0 && parent[i] < i && excluded[parent[i]]);
            }
            frameId = doc.path("frameId").isInt() ? all.str(doc.path("frameId").asInt()) : doc.path("frameId").asText("");
        }

        private void rare(JsonNode data, Map<Integer, String> into) {
            for (int k = 0; k < data.path("index").size(); k++) {
                into.put(data.path("index").get(k).asInt(), all.str(data.path("value").get(k).asInt()));
            }
        }

        private static int[] ints(JsonNode array, int size) {
            int[] out = new int[size];
            for (int i = 0; i < size; i++) {
                out[i] = array.path(i).asInt(-1);
            }
            return out;
        }

        /** After offsets are known: bounds of every rendered node by backend id, password fields, labels. */
        void index() {
            for (int i = 0; i < size; i++) {
                if (nodeType[i] != 1 || excluded[i]) {
                    continue;
                }
                double[] b = viewportBounds(i);
                if (b != null && !hiddenOwner) {
                    all.boundsByBackend.put(backend[i], b);
                }
                if (isPassword(i)) {
                    all.passwordBackend.add(backend[i]);
                }
                if ("label".equals(tag(i)) && attr(i, "for") != null) {
                    labelFor.putIfAbsent(attr(i, "for"), text(i));
                }
            }
        }

        String tag(int i) {
            return all.str(nodeName[i]).toLowerCase(Locale.ROOT);
        }

        String attr(int i, String name) {
            JsonNode a = attributes.path(i);
            for (int k = 0; k + 1 < a.size(); k += 2) {
                if (name.equalsIgnoreCase(all.str(a.get(k).asInt()))) {
                    return all.str(a.get(k + 1).asInt());
                }
            }
            return null;
        }

        String inputType(int i) {
            if (!"input".equals(tag(i))) {
                return null;
            }
            String t = attr(i, "type");
            return t == null || t.isBlank() ? "text" : t.toLowerCase(Locale.ROOT);
        }

        boolean isPassword(int i) {
            return "password".equals(inputType(i));
        }

        double[] viewportBounds(int i) {
            int l = layoutOf[i];
            if (l < 0 || Double.isNaN(offsetX)) {
                return null;
            }
            JsonNode b = layoutBounds.path(l);
            if (b.size() < 4) {
                return null;
            }
            return new double[] {b.get(0).asDouble() - scrollX + offsetX, b.get(1).asDouble() - scrollY + offsetY,
                    b.get(2).asDouble(), b.get(3).asDouble()};
        }

        boolean rendered(int i) {
            JsonNode s = layoutStyles.path(layoutOf[i]);
            String display = s.size() > 0 ? all.str(s.get(0).asInt()) : "";
            String visibility = s.size() > 1 ? all.str(s.get(1).asInt()) : "";
            return !"none".equals(display) && !"hidden".equals(visibility) && !"collapse".equals(visibility);
        }

        boolean hasOwnText(int i) {
            for (int c : children.get(i)) {
                if (nodeType[c] == 3 && !all.str(nodeValue[c]).isBlank()) {
                    return true;
                }
            }
            return false;
        }

        /** The element's text: its descendants' text nodes, bounded; nothing from a form control's inside. */
        String text(int i) {
            var sb = new StringBuilder();
            collectText(i, sb);
            return clip(sb.toString());
        }

        private void collectText(int i, StringBuilder sb) {
            for (int c : children.get(i)) {
                if (sb.length() > MAX_TEXT * 2) {
                    return;
                }
                if (excluded[c]) {
                    continue;
                }
                if (nodeType[c] == 3) {
                    sb.append(all.str(nodeValue[c])).append(' ');
                } else if (nodeType[c] == 1 && !CONTROLS.contains(tag(c)) && !NO_TEXT.contains(tag(c))) {
                    collectText(c, sb);
                }
            }
        }

        String selector(int i) {
            String cached = selectors.get(i);
            if (cached != null) {
                return cached;
            }
            var parts = new ArrayList<String>();
            int node = i;
            while (node >= 0 && node < size && nodeType[node] == 1) {
                String id = attr(node, "id");
                if (id != null && !id.isEmpty()) {
                    parts.add(0, "#" + cssEscape(id));
                    break;
                }
                int p = parent[node];
                String tag = tag(node);
                if (p >= 0 && shadowType[node] != null && shadowType[p] == null) { // the top of an open shadow tree: cross to its host
                    parts.add(0, tag + ":nth-of-type(" + nth(node) + ")");
                    parts.add(0, ">>>");
                    node = p;
                    continue;
                }
                parts.add(0, p >= 0 && nodeType[p] == 1 ? tag + ":nth-of-type(" + nth(node) + ")" : tag);
                node = p;
            }
            String s = String.join(" > ", parts).replace(" > >>> > ", " >>> ");
            if (ownerSelector != null) {
                s = ownerSelector + " >>> " + s;
            }
            selectors.put(i, s);
            return s;
        }

        private int nth(int i) {
            int n = 1;
            for (int sibling : children.get(parent[i])) {
                if (sibling == i) {
                    break;
                }
                if (nodeType[sibling] == 1 && nodeName[sibling] == nodeName[i]) {
                    n++;
                }
            }
            return n;
        }

        private static String cssEscape(String id) {
            var sb = new StringBuilder();
            for (int k = 0; k < id.length(); k++) {
                char ch = id.charAt(k);
                boolean plain = Character.isLetterOrDigit(ch) || ch == '-' || ch == '_';
                if (k == 0 && Character.isDigit(ch)) {
                    sb.append('\\').append(Integer.toHexString(ch)).append(' ');
                } else {
                    sb.append(plain ? String.valueOf(ch) : "\\" + ch);
                }
            }
            return sb.toString();
        }

        ObjectNode node(int i) {
            String tag = tag(i);
            String inputType = inputType(i);
            ObjectNode o = JSON.createObjectNode().put("tag", tag);
            o.put("role", role(i, tag, inputType));
            o.put("name", name(i, tag, inputType));
            o.put("selector", selector(i));
            o.put("input_type", inputType);
            String field = attr(i, "name");
            o.put("field", field != null && !field.isEmpty() ? field : emptyToNull(attr(i, "id")));
            o.put("autocomplete", emptyToNull(attr(i, "autocomplete")));
            o.put("text", CONTROLS.contains(tag) ? null : text(i));
            o.put("value", value(i, tag, inputType));
            o.set("bounds", boundsNode(viewportBounds(i)));
            return o;
        }

        private String role(int i, String tag, String inputType) {
            String explicit = attr(i, "role");
            if (explicit != null && !explicit.isBlank()) {
                return explicit.strip().split("\\s+")[0];
            }
            String ax = all.axRole.get(backend[i]);
            if (ax != null) {
                return ax;
            }
            if (inputType != null) {
                return switch (inputType) {
                    case "checkbox", "radio" -> inputType;
                    case "submit", "button", "reset", "image" -> "button";
                    default -> "textbox";
                };
            }
            if ("a".equals(tag) && attr(i, "href") == null) {
                return null;
            }
            return IMPLICIT_ROLE.get(tag);
        }

        /** The accessible name (Chromium's, else aria-label, label, placeholder, title, alt, text) — never a value. */
        private String name(int i, String tag, String inputType) {
            String ax = all.axName.get(backend[i]);
            if (ax != null) {
                return ax;
            }
            for (String attr : List.of("aria-label", "title", "alt")) {
                String v = clip(attr(i, attr));
                if (v != null) {
                    return v;
                }
            }
            String id = attr(i, "id");
            if (id != null && labelFor.containsKey(id)) {
                return labelFor.get(id);
            }
            if (CONTROLS.contains(tag)) {
                if ("submit".equals(inputType) || "button".equals(inputType)) {
                    return clip(inputValue.get(i));
                }
                return clip(attr(i, "placeholder"));
            }
            return Set.of("button", "a", "h1", "h2", "h3", "h4", "label", "option", "summary", "legend").contains(tag) ? text(i) : null;
        }

        private String value(int i, String tag, String inputType) {
            if (!CONTROLS.contains(tag)) {
                return null;
            }
            if ("password".equals(inputType)) {
                return MASKED; // never the typed secret, whatever the field holds
            }
            if ("checkbox".equals(inputType) || "radio".equals(inputType)) {
                return checked.contains(i) ? "true" : "false";
            }
            if ("textarea".equals(tag)) {
                return clipValue(textValue.get(i));
            }
            if ("select".equals(tag)) {
                for (int c : descendants(i)) {
                    if (selectedOption.contains(c)) {
                        String v = attr(c, "value");
                        return clipValue(v != null ? v : text(c));
                    }
                }
                return null;
            }
            return clipValue(inputValue.getOrDefault(i, ""));
        }

        private List<Integer> descendants(int i) {
            List<Integer> out = new ArrayList<>();
            for (int c : children.get(i)) {
                out.add(c);
                out.addAll(descendants(c));
            }
            return out;
        }

        private static String clipValue(String v) {
            if (v == null) {
                return null;
            }
            return v.length() > MAX_TEXT * 5 ? v.substring(0, MAX_TEXT * 5) : v;
        }

        private static String emptyToNull(String s) {
            return s == null || s.isEmpty() ? null : s;
        }
    }
}
