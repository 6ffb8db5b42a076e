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
import com.nusomi.devstack.launch.NusomiService;
import com.nusomi.devstack.launch.ServiceProcess;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The capture agent survives a capture-ingest restart mid-recording (issue 10 item 6): {@code record} runs attached to
 * a headless Chromium, the driver takes the sample app's success path, capture-ingest is killed with SIGKILL, the
 * validation-then-retry path is driven while it is down (frames and signals wait in the agent), capture-ingest is
 * started again, the abandon path follows, SIGTERM stops the agent. The sealed session holds every frame the agent
 * captured, once, t_ms strictly rising; nusomi.capture.signals holds every signal the agent numbered, seq 0..n-1 without
 * gap, one signal id per seq (a re-publication after the crash keeps its id), exactly the driver's input counted by
 * kind; frames carry DOM and AX snapshots with the password masked.
 */
@ExtendWith(RunningPlatform.class)
class CaptureRestartIT {
    private static final Pattern STOPPED = Pattern.compile("stopped: (\\d+) frames, (\\d+) signals; dropped while the platform was "
            + "unreachable: (\\d+) frames, (\\d+) signals");

    @Test
    void aCaptureIngestRestartMidRecordingLosesAndDuplicatesNothing(RunningPlatform.Handle platform) throws Exception {
        String chromium = BrowserFixture.chromiumOrSkip();
        String adminKey = BrowserFixture.workspace(platform, "capture-restart");
        var api = BrowserFixture.api(platform, adminKey);
        Path log = Path.of("target", "capture-agent-restart.log");

        String sessionId;
        Map<BrowserSignalKind, Integer> driven = new HashMap<>();
        try (SampleApp app = SampleApp.start(0);
             Browser browser = Browser.launch(chromium, BrowserFixture.WINDOW);
             CdpConnection cdp = CdpConnection.open(browser.webSocketUrl())) {
            try (var agent = BrowserFixture.record(platform, adminKey, browser, "process_invoice", log)) {
                sessionId = agent.sessionId();

                var driver = new Driver(cdp, app.url(), 100);
                driver.run(Driver.Path.SUCCESS);
                ServiceProcess ingest = platform.platform().service(NusomiService.CAPTURE_INGEST);
                Process kill = new ProcessBuilder("kill", "-9", Long.toString(ingest.pid())).inheritIO().start();
                assertEquals(0, kill.waitFor(), "kill -9 capture-ingest");
                ingest.onExit().get(30, TimeUnit.SECONDS);

                driver.run(Driver.Path.VALIDATION_RETRY); // input while capture-ingest is down
                platform.platform().restart(NusomiService.CAPTURE_INGEST).awaitReady(Duration.ofMinutes(3));

                driver.run(Driver.Path.ABANDON);
                driven.putAll(driver.signalCounts());

                agent.stop();
            }
        }
        String agentLog = Files.readString(log);
        Matcher stopped = STOPPED.matcher(agentLog);
        assertTrue(stopped.find(), agentLog);
        long framesSent = Long.parseLong(stopped.group(1));
        long signalsSent = Long.parseLong(stopped.group(2));
        assertEquals("0", stopped.group(3), "no frame dropped: " + agentLog);
        assertEquals("0", stopped.group(4), "no signal dropped: " + agentLog);

        // frames: every one the agent captured, once, in order
        JsonNode session = ExportShards.awaitSession(api, sessionId, Duration.ofMinutes(3));
        List<JsonNode> frames = new ArrayList<>();
        String cursor = "";
        do {
            JsonNode page = api.get("/v1/sessions/" + sessionId + "/frames?limit=500" + cursor).body();
            page.path("data").forEach(frames::add);
            cursor = page.path("has_more").asBoolean() ? "&cursor=" + page.path("next_cursor").asText() : null;
        } while (cursor != null);
        assertEquals(framesSent, session.path("frame_count").asLong(), "every frame the agent captured is in the session: " + session);
        assertEquals(framesSent, frames.size());
        long previous = -1;
        for (JsonNode frame : frames) {
            assertTrue(frame.path("t_ms").asLong() > previous, "t_ms rises strictly (no duplicate): " + previous + " then " + frame.path("t_ms"));
            previous = frame.path("t_ms").asLong();
            assertFalse(frame.toString().contains(Driver.PASSWORD), "a frame's metadata holds the typed password");
        }
        // the frames describe the page: DOM and AX snapshots, the password field masked
        boolean sawPasswordField = false;
        int withDom = 0;
        for (JsonNode frame : frames) {
            JsonNode dom = frame.path("dom");
            assertTrue(dom.path("nodes").isArray() && frame.path("accessibility_tree").path("nodes").isArray(),
                    "every frame carries both snapshots: " + frame);
            if (!dom.path("nodes").isEmpty()) { // a frame right after a navigation may show a document still empty
                withDom++;
            }
            for (JsonNode n : dom.path("nodes")) {
                if ("password".equals(n.path("input_type").asText())) {
                    sawPasswordField = true;
                    assertEquals("[masked]", n.path("value").asText(), n.toString());
                }
            }
        }
        assertTrue(withDom * 2 >= frames.size(), "most frames describe the page's elements: " + withDom + " of " + frames.size());
        assertTrue(sawPasswordField, "the sign-in page's password field is in some frame's DOM snapshot");

        // signals: every one, seq without gap, exactly what the driver did. capture-ingest publishes at least once: a
        // batch cut by the SIGKILL between Kafka's ack and its log update is published again under the same signal ids
        // (SignalIngestService), so the topic is read as a consumer must, by signal id.
        List<GenericRecord> signals = signalsOf(platform, sessionId);
        Map<String, Integer> byKind = new HashMap<>();
        Map<String, Long> seqOfId = new HashMap<>();
        Map<Long, String> idOfSeq = new java.util.TreeMap<>();
        for (GenericRecord s : signals) {
            String id = s.get("signal_id").toString();
            GenericRecord body = (GenericRecord) s.get("body");
            long seqOf = (long) ((GenericRecord) body.get("browser")).get("seq");
            Long known = seqOfId.putIfAbsent(id, seqOf);
            if (known != null) {
                assertEquals(known, seqOf, "a re-published signal keeps its seq: " + id);
                continue;
            }
            assertEquals(null, idOfSeq.put(seqOf, id), "one signal id per seq: seq " + seqOf + " published under two ids");
            byKind.merge(body.get("kind").toString(), 1, Integer::sum);
        }
        assertEquals(signalsSent, seqOfId.size(), "every signal the agent numbered is on the topic");
        long seq = 0;
        for (long s : idOfSeq.keySet()) {
            assertEquals(seq++, s, "seq rises by one, no gap, no second signal under a seq");
        }
        for (var kind : List.of(BrowserSignalKind.POINTER_DOWN, BrowserSignalKind.POINTER_UP, BrowserSignalKind.KEY,
                BrowserSignalKind.VALUE_CHANGE, BrowserSignalKind.NAVIGATION, BrowserSignalKind.FORM_SUBMIT)) {
            assertEquals(driven.getOrDefault(kind, 0), byKind.getOrDefault(kind.wire(), 0), kind.wire() + " signals: " + byKind);
        }
    }


    /** Every record of the session on nusomi.capture.signals, in offset order. */
    private static List<GenericRecord> signalsOf(RunningPlatform.Handle platform, String sessionId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.infra().kafkaBootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        var values = new AvroKafkaDeserializer<GenericRecord>();
        values.configure(Map.of("apicurio.registry.url", platform.infra().registryUrl()), false);
        List<GenericRecord> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.CAPTURE_SIGNALS.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (var rec : consumer.poll(Duration.ofMillis(500))) {
                    if (sessionId.equals(rec.key())) {
                        found.add(values.deserialize(rec.topic(), new RecordHeaders(), rec.value()));
                    }
                }
            }
        }
        return found;
    }
}
