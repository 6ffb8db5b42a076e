package com.nusomi.captureagent.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.captureagent.api.NusomiClient;
import com.nusomi.captureagent.cdp.CdpConnection;
import com.nusomi.contracts.BrowserSignalKind;
import com.nusomi.contracts.Limits;
import com.nusomi.imagekit.WebpCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Records every page tab of a browser into one session: auto-attaches to each tab (new ones paused until set up),
 * injects the input listener ({@code listener.js}) through {@code Runtime.addBinding} and
 * {@code Page.addScriptToEvaluateOnNewDocument}, follows navigations, and captures WebP frames of the foreground tab
 * at an adaptive rate: the screencast tells when the screen changed (then up to 30 fps) and gives its image, otherwise
 * one frame per idle interval of the unchanged screen. Frames go to the public frames API, signals to capture-ingest,
 * each from its own sender thread.
 */
public final class Recorder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MIN_FRAME_GAP_MS = 1000 / Limits.MAX_FPS;
    private static final int FRAMES_PER_BATCH = 10;
    /** JPEG quality of the screencast frames re-encoded as WebP (high: the WebP is lossy once more). */
    private static final int SCREENCAST_QUALITY = 90;
    private static final String DOM_DIRTY = "_dom_dirty";
    /** Unsent frames kept while the platform is unreachable (~100 KB each): beyond, new frames are dropped (stderr says so). */
    static final int MAX_UNSENT_FRAMES = 600;
    /** Past this backlog the capture slows to the idle rate: an outage fills the cap in minutes, not seconds. */
    static final int BACKLOG_IDLE_RATE = 3 * FRAMES_PER_BATCH;
    /** How long the page may hold a burst of typing before sending it (given to {@code listener.js} as HOLD_MS). */
    static final long PAGE_HOLD_MS = 200;
    /**
     * How long a signal waits before it is numbered, so one from another tab, or held in the page, with an earlier t_ms
     * can still pass it: the page's hold and the delivery behind it.
     */
    static final long SIGNAL_HOLD_BACK_MS = PAGE_HOLD_MS + 200;

    private final CdpConnection cdp;
    private final NusomiClient api;
    private final String sessionId;
    private final long t0;
    private final AllowList allowList;
    private final ObjectNode app;
    private final long idleFrameMs;
    private final SnapshotSettings snapshots;
    private final InPageSnapshot inPage;
    private volatile boolean snapshotFailureReported;
    private final String binding = "__nusomi_" + HexFormat.of().toHexDigits(System.nanoTime());
    private final String listenerScript;
    /** Stops this recording's listener in a document, and in its same-origin iframes (listener.js {@code stop}). */
    private final String listenerStop;

    private final Map<String, Tab> tabs = new ConcurrentHashMap<>();
    /** Tabs open when the recording started: {@link #awaitSetup} waits for them. */
    private final Set<String> pagesAtStart = ConcurrentHashMap.newKeySet();
    private volatile Tab foreground;
    private volatile ObjectNode cursor;
    private volatile boolean capturing = true;
    private volatile boolean sending = true;
    /** Two seconds of frames at the highest rate and more: a signal is anchored to the frame shown at its time. */
    private final RecentFrames recentFrames = new RecentFrames(2 * Limits.MAX_FPS * 2);
    private final AtomicLong framesUploaded = new AtomicLong();
    private final AtomicLong framesDropped = new AtomicLong();
    private final AtomicLong snapshotsTaken = new AtomicLong();
    private final DoubleAdder snapshotsMs = new DoubleAdder();
    private final SignalQueue signals = new SignalQueue(SIGNAL_HOLD_BACK_MS);
    private final LinkedBlockingQueue<NusomiClient.Frame> frames = new LinkedBlockingQueue<>();
    private final ExecutorService setup = Executors.newSingleThreadExecutor(r -> thread(r, "tab-setup"));
    private final List<Thread> workers = new ArrayList<>();

    public Recorder(CdpConnection cdp, NusomiClient api, String sessionId, long t0, List<String> allowDomains,
                    ObjectNode app, long idleFrameMs, SnapshotSettings snapshots) {
        this.cdp = cdp;
        this.api = api;
        this.sessionId = sessionId;
        this.t0 = t0;
        this.allowList = new AllowList(allowDomains);
        this.app = app;
        this.idleFrameMs = idleFrameMs;
        this.snapshots = snapshots;
        this.inPage = new InPageSnapshot(allowList);
        this.listenerScript = listenerScript(binding, allowDomains);
        this.listenerStop = "(function () { var c = window.__nusomiCapture; if (c && c['" + binding + "']) { c['" + binding + "'](); } })()";
    }

    /** Attaches to every tab, now and later, and starts capturing and sending. */
    public void start() {
        cdp.addListener(this::onEvent);
        cdp.call("Target.setDiscoverTargets", CdpConnection.params().put("discover", true), null);
        cdp.call("Target.setAutoAttach", CdpConnection.params().put("autoAttach", true).put("waitForDebuggerOnStart", true)
                .put("flatten", true), null);
        for (JsonNode target : cdp.call("Target.getTargets", null, null).path("targetInfos")) {
            if ("page".equals(target.path("type").asText())) {
                pagesAtStart.add(target.path("targetId").asText());
            }
        }
        workers.add(thread(this::captureLoop, "frame-capture"));
        workers.add(thread(this::frameSender, "frame-sender"));
        workers.add(thread(this::signalSender, "signal-sender"));
        workers.forEach(Thread::start);
    }

    /**
     * Waits until every tab open at {@link #start()} is set up (the listener injected), at most {@code timeoutMs}.
     * Chromium reports those tabs as events, handled on another thread than the answer to the attach call: first wait
     * until each has arrived, then until the setups queued behind them have run.
     */
    public void awaitSetup(long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!attachedAll(pagesAtStart) && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        var done = new java.util.concurrent.CountDownLatch(1);
        setup.execute(done::countDown);
        done.await(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    }

    private boolean attachedAll(Set<String> targetIds) {
        Set<String> attached = new HashSet<>();
        tabs.values().forEach(t -> attached.add(t.targetId));
        return attached.containsAll(targetIds);
    }

    /**
     * Stops capturing, then sends everything captured so far (waiting at most {@code flushMs}). What the recording
     * installed in the pages goes too: its listener (after sending what it holds), the snapshot function and its
     * observer, the script for new documents, the binding and the screencast; new tabs are no longer held for it. The
     * browser goes on as if it had never been recorded, and a later recording installs its own.
     */
    public void stop(long flushMs) throws InterruptedException {
        setup.shutdown(); // tab setups already queued finish first: no listener is installed after the one below stops
        setup.awaitTermination(10, TimeUnit.SECONDS);
        for (Tab tab : tabs.values()) {
            quietly(() -> cdp.call("Runtime.evaluate", CdpConnection.params().put("expression", listenerStop), tab.sessionId));
        }
        Thread.sleep(PAGE_HOLD_MS + 100); // what the pages held arrives first (a listener not reached sends it after its hold)
        capturing = false;
        workers.get(0).join(5_000);
        for (Tab tab : tabs.values()) {
            quietly(() -> inPage.uninstall(cdp, tab.sessionId));
            quietly(() -> leave(tab));
        }
        // last: it detaches the tabs' sessions; a tab opened meanwhile was let go at once (attached)
        quietly(() -> cdp.send("Target.setAutoAttach", CdpConnection.params().put("autoAttach", false)
                .put("waitForDebuggerOnStart", false).put("flatten", true), null));
        long deadline = System.currentTimeMillis() + flushMs;
        while ((!frames.isEmpty() || !signals.isEmpty()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        sending = false;
        for (Thread t : workers) {
            t.join(10_000);
        }
    }

    /** Stops the tab's screencast and removes the listener's script for new documents and its binding. */
    private void leave(Tab tab) {
        cdp.send("Page.stopScreencast", null, tab.sessionId);
        if (tab.listenerScriptId != null) {
            cdp.send("Page.removeScriptToEvaluateOnNewDocument", CdpConnection.params().put("identifier", tab.listenerScriptId),
                    tab.sessionId);
        }
        cdp.send("Runtime.removeBinding", CdpConnection.params().put("name", binding), tab.sessionId);
    }

    /** A call whose failure changes nothing at stop (the tab closed meanwhile, or the browser went away). */
    private static void quietly(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            // nothing left to undo there
        }
    }

    public long framesUploaded() {
        return framesUploaded.get();
    }

    public long framesDropped() {
        return framesDropped.get();
    }

    /** DOM/AX snapshots taken so far (frames in between reuse the last one). */
    public long snapshotsTaken() {
        return snapshotsTaken.get();
    }

    /** What those snapshots cost the pages, by the pages' clocks (in-page) or the round trips ({@code cdp}), ms. */
    public double snapshotsMs() {
        return snapshotsMs.sum();
    }

    public long signalsDropped() {
        return signals.dropped();
    }

    public long signalsSent() {
        return signals.sent();
    }

    // ---------- protocol events ----------

    private void onEvent(CdpConnection.Event e) {
        JsonNode p = e.params();
        switch (e.method()) {
            case "Target.attachedToTarget" -> attached(p);
            case "Target.detachedFromTarget" -> {
                Tab gone = tabs.remove(p.path("sessionId").asText());
                inPage.forget(p.path("sessionId").asText());
                if (gone != null && gone == foreground) {
                    foreground = tabs.values().stream().findFirst().orElse(null);
                }
            }
            case "Runtime.bindingCalled" -> {
                Tab tab = tabs.get(e.sessionId());
                if (tab != null && binding.equals(p.path("name").asText())) {
                    signals(tab, p.path("payload").asText());
                }
            }
            case "Page.frameRequestedNavigation" -> {
                Tab tab = tabs.get(e.sessionId());
                if (tab != null && p.path("frameId").asText().equals(tab.mainFrameId)) {
                    tab.requestedReason = p.path("reason").asText(null);
                }
            }
            case "Page.frameNavigated" -> {
                Tab tab = tabs.get(e.sessionId());
                JsonNode frame = p.path("frame");
                if (tab != null && !frame.hasNonNull("parentId")) {
                    tab.mainFrameId = frame.path("id").asText();
                    navigated(tab, frame.path("url").asText(), null);
                }
            }
            case "Page.navigatedWithinDocument" -> {
                Tab tab = tabs.get(e.sessionId());
                if (tab != null && p.path("frameId").asText().equals(tab.mainFrameId)) {
                    navigated(tab, p.path("url").asText(), "script");
                }
            }
            case "Page.screencastFrame" -> screencastFrame(e.sessionId(), p);
            default -> { }
        }
    }

    private void attached(JsonNode p) {
        String session = p.path("sessionId").asText();
        JsonNode info = p.path("targetInfo");
        if (!"page".equals(info.path("type").asText())) {
            cdp.send("Runtime.runIfWaitingForDebugger", null, session);
            return;
        }
        String targetId = info.path("targetId").asText();
        if (tabs.values().stream().anyMatch(t -> t.targetId.equals(targetId))) {
            return; // a second session to a tab already recorded (someone else attached on this connection)
        }
        Tab tab = new Tab(session, targetId, info.hasNonNull("openerId"));
        tab.url = info.path("url").asText("");
        tabs.put(session, tab);
        try {
            setup.execute(() -> setUp(tab));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            tabs.remove(session); // attached while the recording stops: not recorded, and not held
            cdp.send("Runtime.runIfWaitingForDebugger", null, session);
        }
    }

    private void setUp(Tab tab) {
        try {
            String s = tab.sessionId;
            cdp.call("Page.enable", null, s);
            cdp.call("Runtime.enable", null, s); // without it Chromium does not report Runtime.bindingCalled
            cdp.call("Runtime.addBinding", CdpConnection.params().put("name", binding), s);
            tab.listenerScriptId = cdp.call("Page.addScriptToEvaluateOnNewDocument", CdpConnection.params()
                    .put("source", listenerScript), s).path("identifier").asText(null);
            JsonNode tree = cdp.call("Page.getFrameTree", null, s).path("frameTree").path("frame");
            tab.mainFrameId = tree.path("id").asText();
            tab.url = tree.path("url").asText(tab.url);
            cdp.call("Runtime.runIfWaitingForDebugger", null, s);
            // the document already loaded (an existing tab): install the listener there too; it guards against twice
            try {
                cdp.call("Runtime.evaluate", CdpConnection.params().put("expression", listenerScript), s);
            } catch (CdpConnection.CdpException e) {
                // no document to install it in yet (a tab still opening): its first document gets it on creation
            }
            refreshViewport(tab);
            foreground(tab);
        } catch (RuntimeException e) {
            System.err.println("nusomi record: could not set up tab " + tab.targetId + ": " + e.getMessage());
        }
    }

    private void foreground(Tab tab) {
        Tab previous = foreground;
        if (previous == tab) {
            return;
        }
        foreground = tab;
        tab.dirty = true;
        if (previous != null) {
            cdp.send("Page.stopScreencast", null, previous.sessionId);
        }
        // the screencast tells when the screen changed and gives its image (full size): copies of frames the page drew anyway
        cdp.send("Page.startScreencast", CdpConnection.params().put("format", "jpeg").put("quality", SCREENCAST_QUALITY)
                .put("everyNthFrame", 1), tab.sessionId);
    }

    private void screencastFrame(String session, JsonNode p) {
        cdp.send("Page.screencastFrameAck", CdpConnection.params().put("sessionId", p.path("sessionId").asInt()), session);
        Tab tab = tabs.get(session);
        if (tab == null) {
            return;
        }
        if (!ofCurrentDocument(tab, p.path("metadata"))) {
            return; // drawn before the navigation: the previous document's screen must not become this one's frame
        }
        String data = p.path("data").asText("");
        if (!data.isEmpty() && !data.equals(tab.screen)) {
            tab.screen = data;
            tab.dirty = true;
        }
    }

    /**
     * Whether a screencast frame was drawn after the tab's current document replaced the last one (its
     * {@code metadata.timestamp}, the frame's swap time, is not before the navigation); a frame without a timestamp
     * counts as current.
     */
    static boolean ofCurrentDocument(Tab tab, JsonNode metadata) {
        return !metadata.has("timestamp") || metadata.path("timestamp").asDouble() >= tab.documentSince;
    }

    private void navigated(Tab tab, String url, String forcedSource) {
        String from = tab.url;
        String source = forcedSource != null ? forcedSource : source(tab);
        String requested = tab.requestedReason;
        tab.requestedReason = null;
        tab.navigated = tab.navigated || allowed(url);
        tab.viewport = null;
        tab.domVersion++;
        if (forcedSource == null) {
            tab.screen = null; // another document: the last one's screen must not be its first frame
            tab.documentSince = System.currentTimeMillis() / 1000.0;
            tab.snapshot = null; // another document: the last one's snapshot must not describe its frames
            tab.ax = new PageSnapshot.AxCache();
            endOpenBusy(tab); // the document that reported them is gone
        }
        tab.url = url;
        // the same URL again with no navigation requested is the same load reported twice (a renderer swap), not a new one
        boolean repeated = url.equals(from) && (forcedSource != null || requested == null && tab.navigated);
        if (!allowed(url) || repeated) {
            return;
        }
        ObjectNode signal = JSON.createObjectNode().put("kind", BrowserSignalKind.NAVIGATION.wire())
                .put("to_url", strip(url)).put("source", source);
        if (allowed(from)) {
            signal.put("from_url", strip(from));
        }
        enqueue(tab, nowTMs(), signal);
    }

    /** CDP's navigation reason, in the words of the signal contract. */
    private static String source(Tab tab) {
        String reason = tab.requestedReason;
        if (reason == null) {
            return tab.navigated ? "other" : (tab.openedByPage ? "new_tab" : "typed");
        }
        return switch (reason) {
            case "anchorClick" -> "link";
            case "formSubmissionGet", "formSubmissionPost" -> "form_submit";
            case "scriptInitiated" -> "script";
            case "reload" -> "reload";
            case "httpHeaderRefresh", "metaTagRefresh" -> "redirect";
            default -> "other";
        };
    }

    /** A binding call's payload: one signal (an object) or the signals of one gesture (an array, in order). */
    private void signals(Tab tab, String payload) {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(payload);
        } catch (IOException e) {
            return;
        }
        if (parsed instanceof ObjectNode one) {
            signal(tab, one);
        } else if (parsed.isArray()) {
            for (JsonNode each : parsed) {
                if (each instanceof ObjectNode one) {
                    signal(tab, one);
                }
            }
        }
    }

    private void signal(Tab tab, ObjectNode signal) {
        if (DOM_DIRTY.equals(signal.path("kind").asText())) {
            tab.domVersion++; // not a signal: the page changed, the next frame takes a new snapshot
            return;
        }
        if (!allowed(tab.url) || BrowserSignalKind.byWire(signal.path("kind").asText()).isEmpty()) {
            return;
        }
        long tMs = Math.max(0, Math.round(signal.path("epoch_ms").asDouble() - t0));
        signal.remove("epoch_ms");
        String kind = signal.path("kind").asText();
        if (kind.startsWith("pointer")) {
            cursor = JSON.createObjectNode().put("x", (int) Math.round(signal.path("x").asDouble()))
                    .put("y", (int) Math.round(signal.path("y").asDouble()));
            if (kind.equals(BrowserSignalKind.POINTER_DOWN.wire())) {
                foreground(tab);
            }
        }
        enqueue(tab, tMs, signal);
    }

    private void endOpenBusy(Tab tab) {
        long tMs = nowTMs();
        for (var open : Map.copyOf(tab.openBusy).entrySet()) {
            enqueue(tab, tMs, JSON.createObjectNode().put("kind", BrowserSignalKind.BUSY_END.wire())
                    .put("reason", open.getValue()).put("busy_id", open.getKey()));
        }
    }

    private void enqueue(Tab tab, long tMs, ObjectNode signal) {
        String kind = signal.path("kind").asText();
        if (kind.equals(BrowserSignalKind.BUSY_START.wire())) {
            tab.openBusy.put(signal.path("busy_id").asText(), signal.path("reason").asText());
        } else if (kind.equals(BrowserSignalKind.BUSY_END.wire())) {
            tab.openBusy.remove(signal.path("busy_id").asText());
        }
        signal.put("tab_id", tab.targetId).put("url", strip(tab.url));
        long frame = recentFrames.at(tMs);
        if (frame >= 0) {
            signal.put("frame_t_ms", frame);
        }
        signals.add(tMs, signal);
    }

    // ---------- frames ----------

    private void captureLoop() {
        long lastCapture = 0;
        while (capturing) {
            Tab tab = foreground;
            long now = System.currentTimeMillis();
            boolean backlog = frames.size() >= BACKLOG_IDLE_RATE;
            boolean due = tab != null && allowed(tab.url)
                    && ((tab.dirty && !backlog && now - lastCapture >= MIN_FRAME_GAP_MS) || now - lastCapture >= idleFrameMs);
            if (!due) {
                sleep(10);
                continue;
            }
            tab.dirty = false;
            lastCapture = now;
            try {
                capture(tab);
            } catch (RuntimeException e) {
                if (capturing && tabs.containsKey(tab.sessionId)) {
                    System.err.println("nusomi record: screenshot failed: " + e.getMessage());
                }
                sleep(100);
            }
        }
    }

    private void capture(Tab tab) {
        long tMs = Math.max(recentFrames.last() + 1, nowTMs());
        byte[] webp = image(tab);
        PageSnapshot.Snapshot snapshot = snapshot(tab); // an in-page snapshot reads the viewport too
        if (tab.viewport == null) {
            refreshViewport(tab);
        }
        if (snapshot != null && !PageSnapshot.documentAllowed(snapshot.dom().path("url").asText(""), allowList)) {
            return; // the tab left the allow-list before its navigation event came: no frame of that page
        }
        recentFrames.add(tMs);
        if (frames.size() >= MAX_UNSENT_FRAMES) {
            if (framesDropped.getAndIncrement() % 100 == 0) {
                System.err.println("nusomi record: " + MAX_UNSENT_FRAMES + " frames wait to be sent (the platform is unreachable): "
                        + "new frames are dropped until it answers (" + framesDropped.get() + " so far)");
            }
            return;
        }
        frames.add(new NusomiClient.Frame(tMs, webp, tab.viewport, app, cursor,
                snapshot == null ? null : snapshot.dom(), snapshot == null ? null : snapshot.accessibilityTree()));
    }

    /**
     * What the screen shows, as WebP: the last screencast frame (encoded once, idle frames reuse it), or a screenshot
     * before the screencast sent any frame of this document (a screenshot makes the page draw: only then).
     */
    private byte[] image(Tab tab) {
        String screen = tab.screen;
        if (screen == null) {
            JsonNode shot = cdp.call("Page.captureScreenshot", CdpConnection.params().put("format", "webp")
                    .put("quality", Math.round(WebpCodec.QUALITY * 100)).put("optimizeForSpeed", true), tab.sessionId);
            return Base64.getDecoder().decode(shot.path("data").asText());
        }
        if (!screen.equals(tab.encodedScreen)) {
            tab.encodedWebp = WebpFrames.fromJpeg(Base64.getDecoder().decode(screen));
            tab.encodedScreen = screen;
        }
        return tab.encodedWebp;
    }

    /**
     * The tab's DOM/AX snapshot for a frame: a new one only when the page changed since the last, at most one per
     * {@code gapMs} and per {@link SnapshotSettings#costFactor()} times what the last one cost (a snapshot costs the
     * page's main thread), else the last one again.
     */
    private PageSnapshot.Snapshot snapshot(Tab tab) {
        long version = tab.domVersion;
        long now = System.currentTimeMillis();
        PageSnapshot.Snapshot last = tab.snapshot;
        if (snapshots.off()) {
            return null; // snapshots turned off (--snapshot-interval-ms -1)
        }
        double gap = Math.max(snapshots.gapMs(), tab.snapshotCostMs * snapshots.costFactor()); // a costly page waits longer
        if (last != null && (version == tab.snapshotVersion || now - tab.snapshotAt < gap)) {
            return last;
        }
        try {
            PageSnapshot.Snapshot fresh; // a resize also marks the page dirty: w, h and scale follow it with the snapshot
            double cost;
            if (snapshots.source() == SnapshotSettings.Source.PAGE) {
                InPageSnapshot.Taken taken = inPage.take(cdp, tab.sessionId); // reads the viewport too: one call
                tab.viewport = taken.viewport();
                fresh = taken.snapshot();
                cost = taken.costMs(); // the page's own clock: its main thread's time, without the round trip
            } else {
                refreshViewport(tab);
                ObjectNode v = tab.viewport;
                fresh = PageSnapshot.take(cdp, tab.sessionId, v.path("w").asDouble(), v.path("h").asDouble(), allowList, tab.ax,
                        snapshots.axIntervalMs());
                cost = System.currentTimeMillis() - now;
            }
            tab.snapshot = fresh;
            snapshotsTaken.incrementAndGet();
            snapshotsMs.add(cost);
            tab.snapshotVersion = version;
            tab.snapshotAt = now;
            // a new document's first snapshot (often of a page still loading) does not stretch the wait for the next
            tab.snapshotCostMs = last == null ? 0 : cost;
            return fresh;
        } catch (RuntimeException e) {
            if (!snapshotFailureReported && capturing) {
                snapshotFailureReported = true;
                System.err.println("nusomi record: DOM/accessibility snapshot failed (frames go on with the last one): " + e.getMessage());
            }
            return last;
        }
    }

    private void refreshViewport(Tab tab) {
        JsonNode metrics = cdp.call("Page.getLayoutMetrics", null, tab.sessionId).path("cssVisualViewport");
        double dpr = cdp.call("Runtime.evaluate", CdpConnection.params().put("expression", "window.devicePixelRatio")
                .put("returnByValue", true), tab.sessionId).path("result").path("value").asDouble(1.0);
        tab.viewport = PageSnapshot.viewport(metrics.path("clientWidth").asDouble(1), metrics.path("clientHeight").asDouble(1), dpr);
    }

    private void frameSender() {
        List<NusomiClient.Frame> batch = new ArrayList<>();
        while (sending || !frames.isEmpty()) {
            try {
                NusomiClient.Frame first = frames.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                frames.drainTo(batch, FRAMES_PER_BATCH - 1);
                api.uploadFrames(sessionId, batch, () -> sending);
                framesUploaded.addAndGet(batch.size());
            } catch (NusomiClient.Refused e) {
                System.err.println("nusomi record: frames refused, dropped: " + e.getMessage());
            } catch (IOException e) {
                System.err.println("nusomi record: frames not sent: " + e.getMessage());
            } catch (InterruptedException e) {
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void signalSender() {
        while (true) {
            boolean last = !sending;
            signals.release(nowTMs(), !capturing);
            ArrayNode batch = signals.peek(Limits.SIGNALS_PER_UPLOAD_MAX);
            if (batch.isEmpty()) {
                if (last) {
                    return;
                }
                sleep(100);
                continue;
            }
            try {
                api.uploadSignals(sessionId, batch, () -> sending);
                signals.acknowledge(batch.size());
            } catch (NusomiClient.Refused e) {
                System.err.println("nusomi record: signals refused, dropped: " + e.getMessage());
                signals.acknowledge(batch.size());
            } catch (IOException e) {
                if (last) {
                    return;
                }
            }
        }
    }

    // ---------- helpers ----------

    private long nowTMs() {
        return Math.max(0, System.currentTimeMillis() - t0);
    }

    private boolean allowed(String url) {
        return allowList.allows(url);
    }

    private static String strip(String url) {
        return AllowList.strip(url);
    }

    private static String listenerScript(String binding, List<String> allow) {
        try (InputStream in = Recorder.class.getResourceAsStream("listener.js")) {
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return source.replace("__NUSOMI_BINDING__", binding).replace("__NUSOMI_ALLOW__", JSON.valueToTree(allow).toString())
                    .replace("__NUSOMI_HOLD_MS__", Long.toString(PAGE_HOLD_MS));
        } catch (IOException e) {
            throw new IllegalStateException("listener.js is missing from the agent", e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, "nusomi-" + name);
        t.setDaemon(true);
        return t;
    }
}
