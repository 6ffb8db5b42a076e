package com.nusomi.systemtests;

import static com.nusomi.systemtests.Api.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.nusomi.captureagent.cdp.Browser;
import com.nusomi.captureagent.cdp.CdpConnection;
import com.nusomi.captureagent.sample.Driver;
import com.nusomi.captureagent.sample.SampleApp;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Extraction quality on the real stack with a real Chromium: {@code record} attached to a headless Chromium, the driver
 * takes the sample app along its four paths while the test tags the session through the API between two of them,
 * SIGTERM stops the recording; once the session sealed, its events (public API) are matched against the driver's ground
 * truth plus that tag (docs/extraction.md "Measuring quality"). Overall F1 must reach
 * 0.97 (the figure SPEC publishes for Chromium) and no type fall below 0.90. {@code -Dnusomi.extraction.runs=N} records N
 * sessions ({@code bench/extraction.sh}); {@code -Dnusomi.extraction.docs=true} writes the table to docs/benchmarks.md.
 */
@ExtendWith(RunningPlatform.class)
class ExtractionQualityIT {
    static final String SECTION = "## Extraction quality (issue 10)";
    private static final String TAG = "checkpoint";

    @Test
    void extractedEventsMatchTheDriversGroundTruth(RunningPlatform.Handle platform) throws Exception {
        String chromium = BrowserFixture.chromiumOrSkip();
        int runs = Integer.getInteger("nusomi.extraction.runs", 1);
        Instant started = Instant.now();
        String adminKey = BrowserFixture.workspace(platform, "extraction");
        var api = BrowserFixture.api(platform, adminKey);
        var quality = new ExtractionQuality();

        try (SampleApp app = SampleApp.start(0);
             Browser browser = Browser.launch(chromium, BrowserFixture.WINDOW);
             CdpConnection cdp = CdpConnection.open(browser.webSocketUrl())) {
            for (int run = 1; run <= runs; run++) {
                Path log = Path.of("target", "extraction-agent-" + run + ".log");
                String sessionId;
                JsonNode truth;
                try (var agent = BrowserFixture.record(platform, adminKey, browser, "process_invoice", log)) {
                    sessionId = agent.sessionId();
                    var driver = new Driver(cdp, app.url(), 100);
                    driver.run(Driver.Path.SUCCESS);
                    long taggedAt = tag(api, sessionId, run);
                    driver.run(List.of(Driver.Path.values()).subList(1, Driver.Path.values().length));
                    truth = driver.groundTruth();
                    ((ArrayNode) truth.path("events")).addObject().put("type", "tag").put("epoch_ms", taggedAt)
                            .put("name", TAG);
                    Files.writeString(Path.of("target", "extraction-ground-truth-" + run + ".json"), truth.toPrettyString());
                    agent.stop(); // SIGTERM: flush, stop the session, exit 0
                }
                JsonNode session = ExportShards.awaitSession(api, sessionId, Duration.ofMinutes(3));
                List<JsonNode> events = eventsOf(api, sessionId);
                assertEquals(session.path("event_count").asLong(), events.size(), "all events listed");
                Files.writeString(Path.of("target", "extraction-events-" + run + ".json"), Api.JSON.valueToTree(events).toPrettyString());
                assertEquals("success", session.path("outcome").asText(), "the last marker is the done page's success");
                var tags = events.stream().filter(e -> e.path("type").asText().equals("tag")).toList();
                assertEquals(1, tags.size(), "the tag posted while recording is one tag event: " + tags);
                assertEquals(TAG, tags.getFirst().path("payload").path("name").asText(), tags.toString());
                assertEquals(run, tags.getFirst().path("payload").path("data").path("run").asInt(), tags.toString());
                quality.add(truth, Instant.parse(session.path("started_at").asText()).toEpochMilli(), events);
            }
        }

        String report = report(quality, started);
        Files.writeString(Path.of("target", "extraction-quality.md"), report);
        if (Boolean.getBoolean("nusomi.extraction.docs")) {
            writeSection(Repo.path("docs/benchmarks.md"), report);
        }
        var overall = quality.overall();
        assertTrue(overall.f1() >= 0.97, "overall F1 " + overall.f1() + "\n" + quality.table() + quality.misses());
        quality.byType().forEach((type, c) ->
                assertTrue(c.f1() >= 0.90, type + " F1 " + c.f1() + "\n" + quality.table() + quality.misses()));
    }

    private static String report(ExtractionQuality quality, Instant started) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        var text = new StringBuilder(SECTION).append("\n\n");
        text.append("Generated by `ExtractionQualityIT` (system-tests) — regenerate with `bench/extraction.sh [runs]`; do not ")
                .append("edit by hand. Each run records one session with `nusomi record` attached to a headless Chromium while ")
                .append("the sample-app driver takes its four paths (success; a save the server fails, then give up; validation ")
                .append("error then retry; abandon) and the test tags the session through the API once, waits ")
                .append("for the seal, reads the session's events through `GET /v1/sessions/{id}/events` and matches them ")
                .append("against the driver's ground truth: same type, same identifying attribute (click selector, field, form, ")
                .append("page, wait reason, marker, error kind, tag name, the retried action's type), within ")
                .append(ExtractionQuality.WINDOW_MS).append(" ms, one to one, closest first (docs/extraction.md \"Measuring ")
                .append("quality\"). Counts are summed over the runs; F1 = 2·matched / (truth + extracted).\n\n")
                .append("- date: ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(", ").append(quality.runs())
                .append(" runs × 4 paths, took ").append(Duration.between(started, Instant.now()).toSeconds()).append(" s\n")
                .append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(os.getName()).append(' ').append(System.getProperty("os.arch")).append(", load average at the end ")
                .append(String.format("%.1f", os.getSystemLoadAverage())).append(", Java ").append(System.getProperty("java.version"))
                .append(", headless Chromium\n")
                .append("- command: `bench/extraction.sh ").append(quality.runs()).append("` (`./mvnw -B -pl system-tests -am verify ")
                .append("-Dit.test=ExtractionQualityIT -Dnusomi.extraction.runs=").append(quality.runs())
                .append(" -Dnusomi.extraction.docs=true`)\n\n")
                .append(quality.table())
                .append("\nTargets: overall F1 ≥ 0.97 (SPEC's published Chromium figure; aim 0.99), no type below 0.90.");
        if (quality.misses().isEmpty()) {
            text.append(" No event was missed or extra.\n");
        } else {
            text.append("\n\nMissed or extra events:\n\n");
            quality.misses().forEach(m -> text.append("- ").append(m).append('\n'));
        }
        return text.toString();
    }

    /** Replaces the section in docs/benchmarks.md (or appends it), leaving the others as they are. */
    static void writeSection(Path file, String section) throws IOException {
        String doc = Files.readString(file);
        int start = doc.indexOf(SECTION);
        if (start < 0) {
            doc = doc.stripTrailing() + "\n\n" + section;
        } else {
            int end = doc.indexOf("\n## ", start + SECTION.length());
            doc = doc.substring(0, start) + section + (end < 0 ? "" : "\n" + doc.substring(end + 1));
        }
        Files.writeString(file, doc.endsWith("\n") ? doc : doc + "\n");
    }

    /** Tags the recording session through the public API (t_ms decided by the sealer); answers when it was asked. */
    private static long tag(Api api, String sessionId, int run) {
        long at = System.currentTimeMillis();
        Api.Answer answer = api.post("/v1/sessions/" + sessionId + "/tags", map("name", TAG, "data", map("run", run)));
        assertEquals(201, answer.status(), answer.body().toString());
        return at;
    }


    private static List<JsonNode> eventsOf(Api api, String sessionId) {
        List<JsonNode> events = new ArrayList<>();
        String cursor = "";
        do {
            JsonNode page = api.get("/v1/sessions/" + sessionId + "/events?limit=500" + cursor).body();
            page.path("data").forEach(events::add);
            cursor = page.path("has_more").asBoolean() ? "&cursor=" + page.path("next_cursor").asText() : null;
        } while (cursor != null);
        return events;
    }

}
