package com.nusomi.captureagent.bench;

import static com.nusomi.captureagent.cdp.PageTabs.await;
import static com.nusomi.captureagent.cdp.PageTabs.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.captureagent.cdp.Browser;
import com.nusomi.captureagent.cdp.CdpConnection;
import com.nusomi.captureagent.cdp.PageTabs;
import com.nusomi.captureagent.record.AllowList;
import com.nusomi.captureagent.record.InPageSnapshot;
import com.nusomi.captureagent.record.PageSnapshot;
import com.nusomi.captureagent.record.Recorder;
import com.nusomi.captureagent.record.SnapshotSettings;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Capture overhead (issue 10): the recorder's cost on the page it records. A page of 10,000 elements with some
 * activity (typing into a field that re-renders a preview, clicks that rewrite table cells and select rows, scrolling,
 * a clock ticking) is driven identically through CDP input events without the recorder, with it, and with it but no
 * snapshots: side by side in one headless Chromium, a fresh document each phase, the kinds in a rotating order. The CPU
 * time of the page renderer's main thread over the drive is compared round by round (with {@code Performance.getMetrics}
 * TaskDuration beside it): on this shared machine a phase's CPU time drifts by ±15 % from minute to minute, so only
 * neighbours are compared, and the median ratio is given with its bootstrap interval. Uploads go to a local sink that
 * answers like the platform (their cost is the agent's, not the page's). Not a test: {@code bench/capture-overhead.sh}
 * runs it and writes docs/benchmarks.md.
 */
public final class CaptureOverheadBench {
    private static final int ROWS = 1250; // 8 elements a row: 10,000 in the table
    private static long axIntervalMs;
    /**
     * One document for the whole run (each phase resets the form and attaches the recorder or not), or a fresh document
     * each phase ({@code -Dbench.sameDocument=false}): the phases of one document differ far less from one another.
     */
    private static final boolean SAME_DOCUMENT = Boolean.parseBoolean(System.getProperty("bench.sameDocument", "true"));
    /**
     * The page's clock: a timer ticking every this many ms, or (0) a tick at the end of each round of the drive, so
     * every phase has the same ticks whatever its length.
     */
    private static final long CLOCK_MS = Long.getLong("bench.clockMs", 0);
    /** How long a phase waits after the recorder is attached (its first frame and full snapshot) before the drive. */
    private static final long SETTLE_MS = 1500;
    /** The page's renderer main thread on CPU 0 alone during each drive, all else on the other CPUs ({@link CpuPinning}). */
    private static final boolean PIN = CpuPinning.enabled();
    private static final SnapshotSettings.Source SNAPSHOT_SOURCE =
            SnapshotSettings.Source.valueOf(System.getProperty("bench.snapshotSource", "page").toUpperCase(Locale.ROOT));

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("bench.runs", 24);
        int rounds = Integer.getInteger("bench.rounds", 3);
        long snapshotGapMs = Long.getLong("bench.snapshotGapMs", 500);
        axIntervalMs = Long.getLong("bench.axIntervalMs", 2000);
        Path report = Path.of(System.getProperty("bench.report", "docs/benchmarks.md"));
        String chromium = Browser.findExecutable();

        HttpServer pages = PageTabs.serve(page());
        String url = "http://127.0.0.1:" + pages.getAddress().getPort() + "/bench.html";
        if (Boolean.getBoolean("bench.snapshotOnly")) { // only what one snapshot costs, printed (docs untouched)
            try {
                System.out.println(oneSnapshot(chromium, url));
            } finally {
                pages.stop(0);
            }
            return;
        }
        if (PIN) {
            CpuPinning.leaveCpuZero(); // before the browser starts: its processes inherit it
        }
        var sink = new Sink();
        try (Browser browser = Browser.launch(chromium, List.of("--window-size=1280,800"));
             CdpConnection cdp = CdpConnection.open(browser.webSocketUrl())) {
            String s = PageTabs.openTab(cdp, "about:blank");
            cdp.call("Page.enable", null, s);
            cdp.call("Performance.enable", null, s);
            browserVersion = cdp.call("Browser.getVersion", null, null).path("product").asText(browserVersion);
            URI wsUrl = browser.webSocketUrl();
            // bench.kinds: the kinds to run (a kind left out shows as zeros; without is what the others are compared with)
            Set<String> names = Set.of(System.getProperty("bench.kinds", "without,with,nosnap,again").split(","));
            if (!names.contains("without")) {
                throw new IllegalArgumentException("bench.kinds must include without: the other kinds are compared with it");
            }
            List<Kind> kinds = java.util.Arrays.stream(Kind.values()).filter(k -> names.contains(k.name().toLowerCase(Locale.ROOT))).toList();
            if (SAME_DOCUMENT) {
                cdp.call("Page.navigate", CdpConnection.params().put("url", url), s);
                awaitLoaded(cdp, s);
            }
            phase(cdp, s, wsUrl, url, 2, sink, snapshotGapMs); // warm: the renderer, its caches, the JIT, both sides'
            List<Map<Kind, Metrics>> pairs = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                List<Kind> order = new ArrayList<>(kinds);
                Collections.rotate(order, r); // each kind first, middle and last as often
                if (r % (2 * Math.max(1, kinds.size())) >= kinds.size()) {
                    Collections.reverse(order);
                }
                Map<Kind, Metrics> m = pair(cdp, s, wsUrl, url, rounds, sink, snapshotGapMs, order);
                pairs.add(m);
                System.err.printf(Locale.ROOT, "run %d %s: without %s | with %s | with, no snapshots %s | without, again %s%n", r + 1,
                        order, m.getOrDefault(Kind.WITHOUT, Metrics.NOT_RUN), m.getOrDefault(Kind.WITH, Metrics.NOT_RUN),
                        m.getOrDefault(Kind.NOSNAP, Metrics.NOT_RUN), m.getOrDefault(Kind.AGAIN, Metrics.NOT_RUN));
            }
            Snapshot one = oneSnapshot(chromium, url);
            String section = section(pairs, one, runs, rounds, snapshotGapMs);
            System.out.println(section);
            write(report, section);
        } finally {
            pages.stop(0);
            sink.server.stop(0);
        }
    }

    /** Main-thread seconds over the drive: all tasks, and the script, layout and style parts. */
    /** {@code cpu}: CPU seconds of the renderer's main thread (/proc), the figure compared; the rest from Performance.getMetrics. */
    record Metrics(double cpu, double task, double script, double layout, double style, long frames, long elements,
                   long snapshots, double snapshotsMs) {
        static final Metrics NOT_RUN = new Metrics(0, 0, 0, 0, 0, 0, 0, 0, 0);

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "main-thread CPU %.3f s, task %.3f s (script %.3f, layout %.3f, style %.3f), %d frames, "
                    + "%d snapshots (%.1f ms by the page's clock)", cpu, task, script, layout, style, frames, snapshots, snapshotsMs);
        }

        String cell() {
            return String.format(Locale.ROOT, "%.2f s CPU (tasks %.2f s: script %.2f, layout %.2f, style %.2f)", cpu, task, script, layout, style);
        }
    }

    /** CDP's trees (ms, taskMs, domOnly…) and the in-page one (page…) of the same page, medians of 5. */
    record Snapshot(double ms, double taskMs, double domOnlyMs, double domOnlyTaskMs, int domNodes, int axNodes, boolean truncated,
                    int bytes, double screenshotCpuMs, double pageMs, double pageCostMs, double pageTaskMs, int pageDomNodes,
                    int pageAxNodes, int pageBytes, int pageRowsReused, double blockCpuMs, double blockClockMs) {}

    /**
     * The kinds of phase: no recorder, the recorder with its defaults, the recorder with snapshots off, and no recorder
     * again (the control: what two identical phases of one round differ by, the measure's own noise and bias).
     */
    enum Kind { WITHOUT, WITH, NOSNAP, AGAIN }

    /**
     * Every kind once, in a rotating order, in one browser: one tab, a fresh document each phase. Kinds measured side by
     * side in the same renderer differ by what the recorder does, not by the luck of a browser's start or the machine's
     * load that minute.
     */
    private static Map<Kind, Metrics> pair(CdpConnection cdp, String s, URI wsUrl, String url, int rounds, Sink sink,
                                           long snapshotGapMs, List<Kind> order) throws Exception {
        var result = new java.util.EnumMap<Kind, Metrics>(Kind.class);
        for (Kind kind : order) {
            result.put(kind, phase(cdp, s, wsUrl, url, rounds, kind == Kind.WITHOUT || kind == Kind.AGAIN ? null : sink,
                    kind == Kind.NOSNAP ? -1 : snapshotGapMs));
        }
        return result;
    }

    private static Metrics phase(CdpConnection cdp, String s, URI wsUrl, String url, int rounds, Sink sink, long snapshotGapMs)
            throws Exception {
        if (SAME_DOCUMENT) { // what the last phase's drive left: the typed note and its preview, selected rows, the scroll
            eval(cdp, s, "document.getElementById('note').value = ''; document.getElementById('preview').textContent = '';"
                    + " document.querySelectorAll('tr.sel').forEach(function (r) { r.classList.remove('sel'); });"
                    + " document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); 1");
        } else {
            cdp.call("Page.navigate", CdpConnection.params().put("url", "about:blank"), s);
            await(cdp, s, "location.href === 'about:blank'", Duration.ofSeconds(10));
        }
        Recorder recorder = null;
        CdpConnection recorderCdp = null;
        if (sink != null) {
            recorderCdp = CdpConnection.open(wsUrl);
            recorder = PageTabs.recorder(recorderCdp, sink.server, 500, new SnapshotSettings(SNAPSHOT_SOURCE, snapshotGapMs, axIntervalMs));
            recorder.start();
            recorder.awaitSetup(10_000);
        }
        try {
            if (!SAME_DOCUMENT) {
                cdp.call("Page.navigate", CdpConnection.params().put("url", url), s);
                awaitLoaded(cdp, s);
            }
            long elements = eval(cdp, s, "document.getElementsByTagName('*').length").asLong();
            Thread.sleep(SETTLE_MS); // settle: first paint, the recorder's first frame and snapshot
            if (PIN) {
                CpuPinning.isolateMainThreads(rendererMainThreadCpu(cdp).keySet());
            }
            if (Boolean.parseBoolean(System.getProperty("bench.gc", "true"))) {
                cdp.call("HeapProfiler.collectGarbage", null, s);
                Thread.sleep(200);
            }
            JsonNode before = metrics(cdp, s);
            Map<Long, Double> cpuBefore = rendererMainThreadCpu(cdp);
            long framesStart = sink == null ? 0 : sink.frames.get();
            long snapshotsStart = recorder == null ? 0 : recorder.snapshotsTaken();
            double snapshotsMsStart = recorder == null ? 0 : recorder.snapshotsMs();
            boolean profile = sink != null && Boolean.getBoolean("bench.profile");
            if (profile) {
                cdp.call("Profiler.enable", null, s);
                cdp.call("Profiler.setSamplingInterval", CdpConnection.params().put("interval", 200), s);
                cdp.call("Profiler.start", null, s);
            }
            drive(cdp, s, rounds);
            if (profile) {
                printProfile(cdp.call("Profiler.stop", null, s).path("profile"));
            }
            double cpu = pageCpu(cpuBefore, rendererMainThreadCpu(cdp));
            JsonNode after = metrics(cdp, s);
            long frames = sink == null ? 0 : sink.frames.get() - framesStart;
            return new Metrics(cpu, delta(before, after, "TaskDuration"), delta(before, after, "ScriptDuration"),
                    delta(before, after, "LayoutDuration"), delta(before, after, "RecalcStyleDuration"), frames, elements,
                    recorder == null ? 0 : recorder.snapshotsTaken() - snapshotsStart,
                    recorder == null ? 0 : recorder.snapshotsMs() - snapshotsMsStart);
        } finally {
            if (recorder != null) {
                recorder.stop(10_000);
                recorderCdp.close();
            }
        }
    }

    /** One snapshot of the 10,000-element page: its cost on the page and its size in a frame's metadata. */
    private static Snapshot oneSnapshot(String chromium, String url) throws Exception {
        try (Browser browser = Browser.launch(chromium, List.of("--window-size=1280,800"));
             CdpConnection cdp = CdpConnection.open(browser.webSocketUrl())) {
            String s = PageTabs.openTab(cdp, url);
            awaitLoaded(cdp, s);
            cdp.call("Performance.enable", null, s);
            PageSnapshot.take(cdp, s, 1280, 800, new AllowList(List.of()), new PageSnapshot.AxCache(), 0); // warm
            List<Double> wall = new ArrayList<>();
            List<Double> task = new ArrayList<>();
            List<Double> domWall = new ArrayList<>();
            List<Double> domTask = new ArrayList<>();
            PageSnapshot.Snapshot last = null;
            var warmAx = new PageSnapshot.AxCache();
            PageSnapshot.take(cdp, s, 1280, 800, new AllowList(List.of()), warmAx, 0);
            for (int i = 0; i < 5; i++) {
                for (boolean withAx : List.of(true, false)) {
                    eval(cdp, s, "document.getElementById('clock').textContent = 'tick " + i + withAx + "'"); // a change
                    JsonNode before = metrics(cdp, s);
                    long t = System.nanoTime();
                    last = PageSnapshot.take(cdp, s, 1280, 800, new AllowList(List.of()), withAx ? new PageSnapshot.AxCache() : warmAx,
                            Long.MAX_VALUE);
                    (withAx ? wall : domWall).add((System.nanoTime() - t) / 1e6);
                    (withAx ? task : domTask).add(delta(before, metrics(cdp, s), "TaskDuration") * 1000);
                }
            }
            int bytes = last.dom().toString().length() + last.accessibilityTree().toString().length();
            var inPage = new InPageSnapshot(new AllowList(List.of()));
            inPage.take(cdp, s, 1280, 800); // installs it in the document
            List<Double> pageWall = new ArrayList<>();
            List<Double> pageCost = new ArrayList<>();
            List<Double> pageTask = new ArrayList<>();
            InPageSnapshot.Taken taken = null;
            for (int i = 0; i < 5; i++) {
                eval(cdp, s, "document.getElementById('clock').textContent = 'page " + i + "'");
                JsonNode before = metrics(cdp, s);
                long t = System.nanoTime();
                taken = inPage.take(cdp, s, 1280, 800);
                pageWall.add((System.nanoTime() - t) / 1e6);
                pageCost.add(taken.costMs());
                pageTask.add(delta(before, metrics(cdp, s), "TaskDuration") * 1000);
            }
            var page = taken.snapshot();
            // what a snapshot costs the page's main thread, its own clock or not: 24 blocks of 10 small changes (the clock's
            // text), each followed by a snapshot or, in the other blocks (ABBA order), by a call that does nothing (the same
            // round trip); the renderer main thread's CPU per change, median of each kind
            List<Double> snapBlocks = new ArrayList<>();
            List<Double> plainBlocks = new ArrayList<>();
            List<Double> blockClock = new ArrayList<>();
            for (int block = 0; block < 24; block++) {
                boolean snap = block % 4 == 0 || block % 4 == 3;
                Map<Long, Double> before = rendererMainThreadCpu(cdp);
                for (int i = 0; i < 10; i++) {
                    eval(cdp, s, "document.getElementById('clock').textContent = 'block " + block + "/" + i + "'; 1");
                    Thread.sleep(40);
                    if (snap) {
                        blockClock.add(inPage.take(cdp, s, 1280, 800).costMs());
                    } else {
                        eval(cdp, s, "1");
                    }
                    Thread.sleep(40);
                }
                (snap ? snapBlocks : plainBlocks).add(pageCpu(before, rendererMainThreadCpu(cdp)) * 1000 / 10);
            }
            // what a Page.captureScreenshot costs the page (the recorder takes one per new document only): CPU of 40
            Map<Long, Double> cpu0 = rendererMainThreadCpu(cdp);
            for (int i = 0; i < 40; i++) {
                cdp.call("Page.captureScreenshot", CdpConnection.params().put("format", "webp").put("quality", 80)
                        .put("optimizeForSpeed", true), s);
            }
            double screenshotCpuMs = pageCpu(cpu0, rendererMainThreadCpu(cdp)) * 1000 / 40;
            return new Snapshot(median(wall), median(task), median(domWall), median(domTask), last.dom().path("nodes").size(), last.accessibilityTree().path("nodes").size(),
                    last.dom().path("truncated").asBoolean() || last.accessibilityTree().path("truncated").asBoolean(), bytes,
                    screenshotCpuMs, median(pageWall), median(pageCost), median(pageTask), page.dom().path("nodes").size(),
                    page.accessibilityTree().path("nodes").size(), page.dom().toString().length() + page.accessibilityTree().toString().length(),
                    taken.rowsReused(), median(snapBlocks) - median(plainBlocks), median(blockClock));
        }
    }

    /** {@code -Dbench.profile=true}: the page's JavaScript self time by function (top 25) over a recorded drive, on stderr. */
    private static void printProfile(JsonNode profile) {
        var byId = new java.util.HashMap<Long, String>();
        for (JsonNode n : profile.path("nodes")) {
            JsonNode f = n.path("callFrame");
            byId.put(n.path("id").asLong(), f.path("functionName").asText() + " " + f.path("url").asText() + ":" + f.path("lineNumber").asInt());
        }
        var self = new java.util.HashMap<String, Double>();
        JsonNode samples = profile.path("samples");
        JsonNode deltas = profile.path("timeDeltas");
        for (int i = 0; i < samples.size(); i++) {
            double ms = (i + 1 < deltas.size() ? deltas.get(i + 1).asDouble() : 0) / 1000.0;
            self.merge(byId.get(samples.get(i).asLong()), ms, Double::sum);
        }
        self.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(25)
                .forEach(e -> System.err.printf(Locale.ROOT, "  %8.1f ms  %s%n", e.getValue(), e.getKey()));
    }

    // ---------- the activity ----------

    private static void drive(CdpConnection cdp, String s, int rounds) throws InterruptedException {
        for (int round = 0; round < rounds; round++) {
            click(cdp, s, "#add");
            click(cdp, s, "#note");
            for (char c : ("note " + round + " ok").toCharArray()) {
                PageTabs.type(cdp, s, String.valueOf(c));
                Thread.sleep(60);
            }
            click(cdp, s, "#r" + (round % 8) + " button");
            if (round % 3 == 2) {
                cdp.call("Input.dispatchMouseEvent", CdpConnection.params().put("type", "mouseWheel").put("x", 400).put("y", 400)
                        .put("deltaX", 0).put("deltaY", round % 2 == 0 ? 300 : -300), s);
            }
            if (CLOCK_MS <= 0) {
                eval(cdp, s, "tick(); 1");
            }
            Thread.sleep(300);
        }
    }

    private static void click(CdpConnection cdp, String s, String selector) throws InterruptedException {
        JsonNode box = eval(cdp, s, "(function(){var r=document.querySelector('" + selector + "').getBoundingClientRect();"
                + "return {x:r.left+r.width/2,y:r.top+r.height/2};})()");
        double x = box.path("x").asDouble(), y = box.path("y").asDouble();
        for (String type : List.of("mouseMoved", "mousePressed", "mouseReleased")) {
            var p = CdpConnection.params().put("type", type).put("x", x).put("y", y).put("buttons", type.equals("mousePressed") ? 1 : 0);
            if (!type.equals("mouseMoved")) {
                p.put("button", "left").put("clickCount", 1);
            }
            cdp.call("Input.dispatchMouseEvent", p, s);
        }
        Thread.sleep(150);
    }

    /** 10,000 elements: a form at the top, a live preview, a clock, and a table of 1,250 rows of 8 elements each. */
    public static String page() {
        var sb = new StringBuilder("<!doctype html><html><head><title>Capture overhead</title><style>"
                + "body{font:14px sans-serif;margin:8px} tr.sel{background:#ffd} td{padding:2px 6px} #top{position:sticky;top:0;background:#fff}"
                + "</style></head><body><div id=top><label for=note>Note</label> <input id=note name=note autocomplete=off>"
                + " <button id=add>Update prices</button> <span id=clock>0</span><div id=preview></div></div>"
                + "<table id=t><tbody>");
        for (int i = 0; i < ROWS; i++) {
            sb.append("<tr id=r").append(i).append("><td>").append(i).append("</td><td><span>Customer ").append(i)
                    .append("</span></td><td><input name=q").append(i).append(" value=").append(i % 7)
                    .append("></td><td><button>Select</button></td></tr>");
        }
        sb.append("</tbody></table><script>"
                + "var n=0;document.getElementById('add').addEventListener('click',function(){n++;"
                + " for(var i=0;i<20;i++){var r=document.getElementById('r'+((n*20+i)%" + ROWS + "));r.cells[1].firstChild.textContent='Customer '+n+'/'+i;}});"
                + "document.getElementById('note').addEventListener('input',function(e){var p=document.getElementById('preview');"
                + " p.textContent='';var w=e.target.value.split(' ');for(var i=0;i<w.length;i++){var b=document.createElement('b');b.textContent=w[i]+' ';p.appendChild(b);}});"
                + "document.getElementById('t').addEventListener('click',function(e){if(e.target.tagName!=='BUTTON')return;"
                + " var tr=e.target.closest('tr');tr.classList.toggle('sel');});"
                + "function tick(){document.getElementById('clock').textContent=new Date().toISOString().slice(11,19);}"
                + (CLOCK_MS > 0 ? "setInterval(tick," + CLOCK_MS + ");" : "")
                + "</script></body></html>");
        return sb.toString();
    }

    // ---------- CDP helpers ----------

    /**
     * CPU seconds used so far by the main thread of each of the browser's renderer processes, by pid ({@code schedstat}:
     * the scheduler's nanoseconds on a CPU, not 10 ms ticks). CPU time rather than task wall time, so other jobs on a
     * shared machine inflate it far less.
     */
    private static Map<Long, Double> rendererMainThreadCpu(CdpConnection cdp) {
        Map<Long, Double> byPid = new java.util.HashMap<>();
        for (JsonNode p : cdp.call("SystemInfo.getProcessInfo", null, null).path("processInfo")) {
            if (!"renderer".equals(p.path("type").asText())) {
                continue;
            }
            long pid = p.path("id").asLong();
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "schedstat"));
                byPid.put(pid, Long.parseLong(stat.substring(0, stat.indexOf(' '))) / 1e9);
            } catch (java.nio.file.NoSuchFileException e) {
                // the process ended in between
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("cannot read the renderer's CPU time (Linux /proc needed): " + e.getMessage(), e);
            }
        }
        return byPid;
    }

    /**
     * The CPU seconds the page's renderer main thread used between two readings: the renderer that used the most. Each
     * document may get a new renderer process, and Chromium starts a spare one or lets a previous page's finish in the
     * meantime; their work is not the page's.
     */
    private static double pageCpu(Map<Long, Double> before, Map<Long, Double> after) {
        double most = 0;
        for (var e : after.entrySet()) {
            most = Math.max(most, e.getValue() - before.getOrDefault(e.getKey(), 0.0));
        }
        return most;
    }

    private static JsonNode metrics(CdpConnection cdp, String s) {
        return cdp.call("Performance.getMetrics", null, s).path("metrics");
    }

    private static double delta(JsonNode before, JsonNode after, String name) {
        return value(after, name) - value(before, name);
    }

    private static double value(JsonNode metrics, String name) {
        for (JsonNode m : metrics) {
            if (name.equals(m.path("name").asText())) {
                return m.path("value").asDouble();
            }
        }
        throw new IllegalStateException("no metric " + name);
    }

    private static void awaitLoaded(CdpConnection cdp, String s) throws InterruptedException {
        await(cdp, s, "document.readyState === 'complete' && !!document.getElementById('note')", Duration.ofSeconds(30));
    }

    private static double median(List<Double> values) {
        return quantile(values, 0.5);
    }

    /** A {@code level} percentile-bootstrap interval of the median of {@code values}. */
    private static double[] bootstrapMedian(List<Double> values, double level) {
        return bootstrap(values.size(), at -> median(java.util.Arrays.stream(at).mapToObj(values::get).toList()), level);
    }

    /**
     * The ratio of the mean CPU of a kind to that of the without-phases, and its {@code level} bootstrap interval
     * (rounds resampled together): {ratio, low, high}.
     */
    private static double[] ratioOfMeans(List<Metrics> kind, List<Metrics> without, double level) {
        double[] interval = bootstrap(kind.size(), at -> {
            double k = 0, w = 0;
            for (int i : at) {
                k += kind.get(i).cpu();
                w += without.get(i).cpu();
            }
            return k / w;
        }, level);
        double ratio = kind.stream().mapToDouble(Metrics::cpu).sum() / without.stream().mapToDouble(Metrics::cpu).sum();
        return new double[] {ratio, interval[0], interval[1]};
    }

    /**
     * A {@code level} percentile-bootstrap interval of {@code statistic}, given the indexes of a resample of {@code n}
     * items (2,000 resamples, a fixed seed).
     */
    private static double[] bootstrap(int n, java.util.function.ToDoubleFunction<int[]> statistic, double level) {
        var random = new java.util.Random(42);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            int[] at = new int[n];
            for (int j = 0; j < n; j++) {
                at[j] = random.nextInt(n);
            }
            values.add(statistic.applyAsDouble(at));
        }
        return new double[] {quantile(values, (1 - level) / 2), quantile(values, 1 - (1 - level) / 2)};
    }

    /** Per round, the CPU of a kind over that of the round's without-phase (0 where the kind did not run). */
    private static List<Double> ratios(List<Metrics> kind, List<Metrics> without) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < kind.size(); i++) {
            out.add(kind.get(i).cpu() / without.get(i).cpu());
        }
        return out;
    }

    /** The {@code q} quantile, linear between the nearest ranks. */
    private static double quantile(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double at = q * (sorted.size() - 1);
        int low = (int) Math.floor(at);
        int high = Math.min(sorted.size() - 1, low + 1);
        return sorted.get(low) + (sorted.get(high) - sorted.get(low)) * (at - low);
    }

    // ---------- the report ----------

    private static String section(List<Map<Kind, Metrics>> pairs, Snapshot one, int runs, int rounds, long snapshotGapMs) {
        List<Metrics> without = pairs.stream().map(m -> m.getOrDefault(Kind.WITHOUT, Metrics.NOT_RUN)).toList();
        List<Metrics> with = pairs.stream().map(m -> m.getOrDefault(Kind.WITH, Metrics.NOT_RUN)).toList();
        List<Metrics> noSnapshots = pairs.stream().map(m -> m.getOrDefault(Kind.NOSNAP, Metrics.NOT_RUN)).toList();
        List<Metrics> again = pairs.stream().map(m -> m.getOrDefault(Kind.AGAIN, Metrics.NOT_RUN)).toList();
        double base = median(without.stream().map(Metrics::cpu).toList());
        double rec = median(with.stream().map(Metrics::cpu).toList());
        double baseTask = median(without.stream().map(Metrics::task).toList());
        double recTask = median(with.stream().map(Metrics::task).toList());
        List<Double> ratios = ratios(with, without);
        List<Double> bareRatios = ratios(noSnapshots, without);
        List<Double> controlRatios = ratios(again, without);
        boolean controlRun = again.getFirst() != Metrics.NOT_RUN;
        boolean bareRun = noSnapshots.getFirst() != Metrics.NOT_RUN;
        double ratio = median(ratios);
        double[] interval = bootstrapMedian(ratios, 0.90);
        var sb = new StringBuilder("## Capture overhead (issue 10)\n\n");
        sb.append("Measured ").append(Instant.now().toString(), 0, 16).append(" UTC on ").append(machine())
                .append(" with `bench/capture-overhead.sh` (").append(runs).append(" rounds of the kinds side by side in one browser, ")
                .append(rounds).append(" rounds of activity a phase, `record` defaults: `--snapshot-source ")
                .append(SNAPSHOT_SOURCE.name().toLowerCase(Locale.ROOT)).append(" --snapshot-interval-ms ").append(snapshotGapMs)
                .append("`).\n\n");
        sb.append("A page of ").append(without.getFirst().elements()).append(" elements (a 1,250-row table) driven through CDP input "
                + "events: each round clicks a button that rewrites 20 cells, types ~10 characters into a field whose input "
                + "handler re-renders a preview, selects a row, scrolls every third round; "
                + (CLOCK_MS > 0 ? "a clock ticks every " + CLOCK_MS + " ms. " : "a clock ticks at the end of each round. ")
                + "One headless Chromium and one tab for the whole run; "
                + (SAME_DOCUMENT
                        ? "one document too (`bench.sameDocument`, the default): each phase clears the note, its preview, the "
                          + "selection and the scroll, attaches a recorder to the loaded page (as `record --cdp-url` does) or not, "
                          + "lets it settle " + SETTLE_MS + " ms (its first frame and full snapshot), collects garbage, drives the page, and "
                          + "stops the recorder, which removes all it installed in the page (its listener, observers and "
                          + "snapshot function); "
                        : "each phase loads the page afresh, attaches the recorder or not, lets it settle " + SETTLE_MS + " ms, collects "
                          + "garbage, and drives it; ")
                + "the kinds run side by side in a rotating order, and each is compared with "
                + "the without-phase of its own round (per-round ratios), so a slow minute on this shared machine weighs on "
                + "both sides. *Without, again* is a second phase without the recorder: its ratio is what two identical phases "
                + "differ by, the measure's own noise. Measured over the drive: the CPU time of the page's renderer main thread "
                + "(`/proc/<pid>/task/<pid>/schedstat`, nanoseconds on a CPU; of the renderer that used the most, since a "
                + "document may get a new renderer process and Chromium starts a spare one or winds a previous one down "
                + "meanwhile, work that is not the page's) and `Performance.getMetrics` (TaskDuration and its "
                + "script/layout/style parts, wall time). "
                + (PIN ? "During each drive the renderers' main threads run on CPU 0 alone and everything else (the bench and "
                         + "recorder JVM, Chromium's browser, GPU and other processes, the renderers' other threads) on the other "
                         + "CPUs (`bench.pin`, `taskset`), in every kind of phase alike: the figure is the page's main-thread time, "
                         + "not its turns on a shared core. "
                       : "Nothing pinned to a CPU (`bench.pin=false`): the recorder's JVM and Chromium's other processes share "
                         + "the page's cores. ")
                + "Both include the DevTools work the recorder asks of the page (the "
                + "screencast its frames come from, a screenshot before its first screencast frame, DOM/AX snapshots) and its "
                + "in-page listener. Frames and signals go to a local sink.\n\n");
        sb.append("| round | without recorder | with recorder | with recorder, snapshots off (`--snapshot-interval-ms -1`) "
                + "| without, again | frames, snapshots (with) | ratio with / without | ratio again / without |\n|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < pairs.size(); i++) {
            sb.append("| ").append(i + 1).append(" | ").append(without.get(i).cell()).append(" | ").append(with.get(i).cell())
                    .append(" | ").append(noSnapshots.get(i).cell()).append(" | ").append(again.get(i).cell()).append(" | ")
                    .append(with.get(i).frames()).append(String.format(Locale.ROOT, ", %d (%.0f ms) | %.3f | %.3f |%n",
                            with.get(i).snapshots(), with.get(i).snapshotsMs(), ratios.get(i),
                            controlRatios.get(i)));
        }
        double extra = (ratio - 1) * 100;
        sb.append(String.format(Locale.ROOT, "%n**Median per-round ratio of the page's main-thread CPU, with / without the recorder: "
                        + "%.3f (%+.1f %%; target < 5 %% extra) — %s.** 90 %% bootstrap interval of that median %.3f–%.3f (%s); "
                        + "quartiles of the ratios %.3f–%.3f. Medians of the phases: %.2f s without, %.2f s with; snapshots off: "
                        + "%s. Control (without, again / without): median %s, quartiles %s. Task wall time (noisier "
                        + "here): %.2f s without, %.2f s with (%+.0f %%).%n%n",
                ratio, extra, extra < 5 ? "met by the median" : "not met", interval[0], interval[1],
                interval[1] < 1.05 ? "all of it below 5 %" : interval[0] > 1.05 ? "all of it above 5 %" : "it straddles 5 %",
                quantile(ratios, 0.25), quantile(ratios, 0.75), base, rec,
                bareRun ? String.format(Locale.ROOT, "ratio %.3f", median(bareRatios)) : "not run",
                controlRun ? String.format(Locale.ROOT, "%.3f", median(controlRatios)) : "not run",
                controlRun ? String.format(Locale.ROOT, "%.3f–%.3f", quantile(controlRatios, 0.25), quantile(controlRatios, 0.75)) : "not run",
                baseTask, recTask, (recTask / baseTask - 1) * 100));
        double[] means = ratioOfMeans(with, without, 0.90);
        double[] bareMeans = ratioOfMeans(noSnapshots, without, 0.90);
        double[] controlMeans = ratioOfMeans(again, without, 0.90);
        sb.append(String.format(Locale.ROOT, "Ratio of the means over the rounds (every round weighs by its CPU; the median above "
                        + "discards the outer rounds): with / without **%.3f (%+.1f %%)**, 90 %% bootstrap interval %.3f–%.3f "
                        + "(rounds resampled); snapshots off %s; control %s.%n%n", means[0], (means[0] - 1) * 100, means[1], means[2],
                bareRun ? String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", bareMeans[0], bareMeans[1], bareMeans[2]) : "not run",
                controlRun ? String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", controlMeans[0], controlMeans[1], controlMeans[2]) : "not run"));
        List<Double> snapshotCounts = with.stream().map(m -> (double) m.snapshots()).toList();
        List<Double> snapshotMs = with.stream().map(Metrics::snapshotsMs).toList();
        sb.append(String.format(Locale.ROOT, "Snapshots over a with-phase's drive: median %.0f, %.1f ms by the page's clock "
                + "(%.1f %% of the without-phase's main-thread CPU).%n%n", median(snapshotCounts), median(snapshotMs),
                median(snapshotMs) / 10 / base));
        sb.append(String.format(Locale.ROOT, "Reading: %s Frames are the screencast's copies of what the page "
                        + "drew anyway, re-encoded to WebP by the agent off the page's thread; a `Page.captureScreenshot` would make "
                        + "the page draw a frame of its own: %.1f ms of its main thread each on this page (mean of 40), so the recorder "
                        + "takes one only before a document's first screencast frame. The listener checks busy/validation states on "
                        + "the elements its mutation records name, not the whole document; a press waits for its release and a burst "
                        + "of typing is held up to 200 ms, so signals share binding calls.%n%n",
                !bareRun ? "snapshots off was not run here."
                        : String.format(Locale.ROOT, "of the %+.1f %%, %+.1f %% remain with snapshots off (the in-page listener and "
                                + "the screencast); the rest is the DOM/AX snapshots.", extra, (median(bareRatios) - 1) * 100),
                one.screenshotCpuMs()));
        sb.append(String.format(Locale.ROOT, "One snapshot of this page after a change (medians of 5): **built in the page** "
                        + "(`--snapshot-source page`, the default) %.1f ms of its main thread by the page's own clock (task time %.1f ms, "
                        + "%.1f ms wall with the round trip), %d DOM and %d AX nodes, %d KB of JSON, of which the page sent only what "
                        + "changed since the last snapshot (%d of these rows came back as indexes). In alternating blocks of small "
                        + "changes followed by a snapshot or by a call that does nothing, a snapshot cost the page's main thread "
                        + "%.1f ms (CPU, median of 12 blocks of 10 less the median of the 12 without) where its own clock said %.1f ms "
                        + "(%.2f times). **Chromium's trees** "
                        + "(`--snapshot-source cdp`) DOM + accessibility tree %.0f ms wall, %.0f ms main thread, DOM alone (the AX tree "
                        + "reused) %.0f ms wall, %.0f ms main thread, %d DOM and %d AX nodes (truncated: %s), %d KB. Frames reuse the last "
                        + "snapshot until the listener reports a DOM change; a new one waits at least %d ms and %d times the last one's "
                        + "cost.%n", one.pageCostMs(), one.pageTaskMs(), one.pageMs(), one.pageDomNodes(), one.pageAxNodes(),
                one.pageBytes() / 1024, one.pageRowsReused(), one.blockCpuMs(), one.blockClockMs(),
                one.blockCpuMs() / one.blockClockMs(), one.ms(), one.taskMs(), one.domOnlyMs(), one.domOnlyTaskMs(), one.domNodes(), one.axNodes(),
                one.truncated(), one.bytes() / 1024, snapshotGapMs,
                new SnapshotSettings(SNAPSHOT_SOURCE, snapshotGapMs, axIntervalMs).costFactor()));
        return sb.toString();
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux
        }
        String load = "";
        try {
            load = ", load average " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException ignored) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + load + ", shared with other jobs), "
                + System.getProperty("os.name") + ", Java " + Runtime.version().feature() + ", " + browserVersion;
    }

    private static String browserVersion = "Chromium";

    /** Replaces the section in docs/benchmarks.md (or appends it). */
    private static void write(Path report, String section) throws IOException {
        String text = Files.exists(report) ? Files.readString(report) : "# Benchmarks\n";
        String heading = "## Capture overhead (issue 10)";
        int start = text.indexOf(heading);
        if (start >= 0) {
            int end = text.indexOf("\n## ", start + heading.length());
            text = text.substring(0, start) + section.stripTrailing() + "\n" + (end >= 0 ? text.substring(end) : "");
        } else {
            text = text.stripTrailing() + "\n\n" + section;
        }
        Files.writeString(report, text);
    }

    /** Answers like the platform ({@link PageTabs#platformSink}); counts the frames it got. */
    private static final class Sink {
        final AtomicLong frames = new AtomicLong();
        final HttpServer server;

        Sink() throws IOException {
            server = PageTabs.platformSink((path, body) -> {
                if (path.endsWith("/frames")) {
                    frames.addAndGet(new String(body, StandardCharsets.ISO_8859_1).split("\"t_ms\"", -1).length - 1);
                }
            });
        }
    }

    private CaptureOverheadBench() {}
}
