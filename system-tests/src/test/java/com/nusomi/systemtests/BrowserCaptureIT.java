package com.nusomi.systemtests;

import static com.nusomi.systemtests.Api.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.captureagent.cdp.Browser;
import com.nusomi.captureagent.cdp.CdpConnection;
import com.nusomi.captureagent.sample.Driver;
import com.nusomi.captureagent.sample.SampleApp;
import com.nusomi.contracts.BrowserSignalKind;
import com.nusomi.contracts.Topic;
import com.nusomi.devstack.testing.TopicReader;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The browser capture agent on the real stack with a real Chromium: {@code record} runs as its own process attached
 * to a headless Chromium, the scripted driver takes the sample invoice app along its three paths, SIGTERM stops the
 * recording; the session seals with WebP frames, and nusomi.capture.signals holds exactly the raw input the driver
 * produced (counted by kind) and never the password it typed.
 */
@ExtendWith(RunningPlatform.class)
class BrowserCaptureIT {

    @Test
    void recordsTheSampleAppDrivenInARealChromium(RunningPlatform.Handle platform) throws Exception {
        String chromium = BrowserFixture.chromiumOrSkip();
        String adminKey = BrowserFixture.workspace(platform, "capture");
        var api = BrowserFixture.api(platform, adminKey);

        try (SampleApp app = SampleApp.start(0);
             Browser browser = Browser.launch(chromium, BrowserFixture.WINDOW);
             CdpConnection cdp = CdpConnection.open(browser.webSocketUrl())) {
            String sessionId;
            Map<BrowserSignalKind, Integer> driven;
            try (var agent = BrowserFixture.record(platform, adminKey, browser, "process_invoice", Path.of("target", "capture-agent.log"))) {
                sessionId = agent.sessionId();
                assertEquals("recording", api.get("/v1/sessions/" + sessionId).body().path("status").asText());

                var driver = new Driver(cdp, app.url(), 100);
                driver.run(List.of(Driver.Path.values()));
                Files.writeString(Path.of("target", "capture-ground-truth.json"), driver.groundTruth().toPrettyString());
                driven = driver.signalCounts();
                agent.stop();
            }

            JsonNode session = ExportShards.awaitSession(api, sessionId, Duration.ofMinutes(3));
            assertEquals("script", session.path("actor").path("kind").asText());
            assertTrue(session.path("frame_count").asLong() >= 10, session.toString());
            List<JsonNode> frames = new ArrayList<>();
            String cursor = "";
            do {
                JsonNode page = api.get("/v1/sessions/" + sessionId + "/frames?limit=500" + cursor).body();
                page.path("data").forEach(frames::add);
                cursor = page.path("has_more").asBoolean() ? "&cursor=" + page.path("next_cursor").asText() : null;
            } while (cursor != null);
            assertEquals(session.path("frame_count").asLong(), frames.size(), "all frames listed");
            long previous = -1;
            for (JsonNode frame : frames) {
                assertTrue(frame.path("t_ms").asLong() > previous, "t_ms rises strictly");
                previous = frame.path("t_ms").asLong();
            }
            for (JsonNode frame : List.of(frames.get(0), frames.get(frames.size() / 2), frames.get(frames.size() - 1))) {
                byte[] webp = Api.fetch(frame.path("image_url").asText()); // the signed URL a user follows
                assertEquals("RIFF", new String(webp, 0, 4, StandardCharsets.US_ASCII));
                assertEquals("WEBP", new String(webp, 8, 4, StandardCharsets.US_ASCII));
                assertEquals("Chromium", frame.path("app").path("name").asText(), frame.toString());
                assertEquals(1024, frame.path("viewport").path("w").asInt(), frame.toString());
            }

            var signals = signalsOf(platform, sessionId);
            Map<String, Integer> byKind = new HashMap<>();
            for (GenericRecord s : signals) {
                byKind.merge(((GenericRecord) s.get("body")).get("kind").toString(), 1, Integer::sum);
            }
            for (var kind : List.of(BrowserSignalKind.POINTER_DOWN, BrowserSignalKind.POINTER_UP, BrowserSignalKind.KEY,
                    BrowserSignalKind.VALUE_CHANGE, BrowserSignalKind.NAVIGATION, BrowserSignalKind.FORM_SUBMIT,
                    BrowserSignalKind.FAILURE)) {
                assertEquals(driven.getOrDefault(kind, 0), byKind.getOrDefault(kind.wire(), 0),
                        kind.wire() + " signals: " + byKind);
            }
            assertTrue(byKind.getOrDefault("validation_surfaced", 0) >= driven.get(BrowserSignalKind.VALIDATION_SURFACED), byKind.toString());
            assertTrue(byKind.getOrDefault("focus_change", 0) > 0, byKind.toString());
            List<String> busyReasons = signals.stream()
                    .filter(s -> ((GenericRecord) s.get("body")).get("kind").toString().equals("busy_start"))
                    .map(s -> ((GenericRecord) ((GenericRecord) ((GenericRecord) s.get("body")).get("browser")).get("body")).get("reason").toString())
                    .toList();
            assertTrue(busyReasons.containsAll(List.of("modal", "spinner")) || busyReasons.containsAll(List.of("modal", "aria_busy")),
                    "the confirmation modal and the saving spinner: " + busyReasons);
            assertEquals(byKind.getOrDefault("busy_start", 0), byKind.getOrDefault("busy_end", 0), "every busy state ended");
            long seq = 0;
            long tMs = 0;
            for (GenericRecord s : signals) {
                GenericRecord browserSignal = (GenericRecord) ((GenericRecord) s.get("body")).get("browser");
                assertEquals(seq++, browserSignal.get("seq"), "seq rises by one, no gap, no duplicate");
                assertTrue((long) s.get("t_ms") >= tMs, "t_ms never goes backwards");
                tMs = (long) s.get("t_ms");
            }
        }
    }


    /** Every record of the session on nusomi.capture.signals, in offset order; none holds the password's bytes. */
    private static List<GenericRecord> signalsOf(RunningPlatform.Handle platform, String sessionId) {
        var values = new AvroKafkaDeserializer<GenericRecord>();
        values.configure(Map.of("apicurio.registry.url", platform.infra().registryUrl()), false);
        byte[] password = Driver.PASSWORD.getBytes(StandardCharsets.UTF_8);
        List<GenericRecord> found = new ArrayList<>();
        try (var reader = new TopicReader<>(platform.infra().kafkaBootstrap(), Topic.CAPTURE_SIGNALS.topicName(),
                new ByteArrayDeserializer(), Duration.ofSeconds(60))) {
            for (var rec : reader.upToNow(r -> true)) {
                assertFalse(contains(rec.value(), password), "a record on the signals topic holds the password");
                if (sessionId.equals(rec.key())) {
                    found.add(values.deserialize(rec.topic(), new RecordHeaders(), rec.value()));
                }
            }
        }
        for (GenericRecord r : found) {
            assertFalse(r.toString().contains(Driver.PASSWORD), "decoded record holds the password: " + r);
        }
        return found;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
