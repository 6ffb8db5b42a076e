package com.nusomi.systemtests;

import static com.nusomi.systemtests.Api.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.devstack.internal.Ports;
import com.nusomi.devstack.testing.TestWebp;
import com.nusomi.devstack.launch.NusomiService;
import com.nusomi.devstack.launch.Platform;
import com.nusomi.devstack.launch.ServiceProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Streams with two gateway instances (issue 9: "Streams work with several gateway instances"): a second api-gateway
 * process started from the same fast-jar against the same infrastructure, as a second replica of
 * {@code deploy/services/api-gateway.yaml} would run. A session stream read on A, dropped, and resumed on B with
 * {@code Last-Event-ID} gets every event exactly once in {@code (t_ms, id)} order and ends at seal; the per-key stream
 * limit (50, SPEC §5) counts the streams of both instances.
 */
@ExtendWith(RunningPlatform.class)
class StreamsAcrossGatewaysIT {
    private static final String WORKFLOW = "stream_check";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One SSE frame as a reader sees it. */
    record Frame(String id, String event, String data) {}

    @Test
    void aStreamResumedOnAnotherInstanceGetsEveryEventOnceAndTheLimitsCountBothInstances(RunningPlatform.Handle platform)
            throws Exception {
        try (ServiceProcess gatewayB = secondGateway(platform)) {
            var operator = new Api(platform.gatewayUrl(), platform.operatorKey());
            String key = operator.post("/v1/workspaces", map("name", "streams")).body().path("admin_key").asText();
            Api onA = new Api(platform.gatewayUrl(), key);
            Api onB = new Api(gatewayB.url(), key);

            var created = onA.post("/v1/sessions", map("workflow", WORKFLOW, "actor", map("kind", "script")));
            assertEquals(201, created.status(), created.toString());
            String session = created.body().path("id").asText();
            assertEquals(200, onA.post("/v1/sessions/" + session + "/start", map()).status());
            assertEquals(201, onA.uploadFrames(session, map("frames", List.of(map("t_ms", 0, "image", "img0",
                    "viewport", map("w", 64, "h", 48, "scale", 1)))), Map.of("img0", TestWebp.solid(64, 48, 0xff336699)))
                    .status());
            List<String> emitted = new ArrayList<>();
            emitted.addAll(emit(onA, session, 1, 5));

            String path = "/v1/sessions/" + session + "/events/stream";
            List<Frame> seen = new ArrayList<>();
            try (SseReader first = SseReader.open(platform.gatewayUrl() + path, key, null)) {
                seen.addAll(first.events(5));
                emitted.addAll(emit(onA, session, 6, 8));
                seen.addAll(first.events(3));
            }
            String lastEventId = seen.get(seen.size() - 1).id();
            // while no stream is open: on B, so the instance that resumes did not emit them
            emitted.addAll(emit(onB, session, 9, 12));
            try (SseReader second = SseReader.open(gatewayB.url() + path, key, lastEventId)) {
                seen.addAll(second.events(4));
                emitted.addAll(emit(onA, session, 13, 15));
                seen.addAll(second.events(3));
                assertEquals(200, onA.post("/v1/sessions/" + session + "/stop", map()).status());
                Frame end = second.next();
                assertEquals("end", end.event(), "after the last event the stream ends at seal: " + end);
                assertEquals(session, Api.JSON.readTree(end.data()).path("session_id").asText());
            }

            List<String> ids = seen.stream().map(Frame::id).toList();
            assertEquals(ids.size(), new HashSet<>(ids).size(), "no event twice: " + ids);
            assertEquals(new HashSet<>(emitted), new HashSet<>(ids), "every emitted event, on A then on B");
            List<JsonNode> events = new ArrayList<>();
            for (Frame f : seen) {
                events.add(Api.JSON.readTree(f.data()));
            }
            List<JsonNode> sorted = new ArrayList<>(events);
            sorted.sort(Comparator.<JsonNode>comparingLong(e -> e.path("t_ms").asLong()).thenComparing(e -> e.path("id").asText()));
            assertEquals(sorted, events, "in (t_ms, id) order across the two instances");

            streamLimitsSpanBothInstances(onA, platform.gatewayUrl(), gatewayB.url());
        }
    }

    /** 25 streams on each instance fill the key's 50; the 51st is refused on either; closing one frees a place. */
    private static void streamLimitsSpanBothInstances(Api admin, String urlA, String urlB) throws Exception {
        var fresh = admin.post("/v1/keys", map("name", "streams-limit", "scopes", List.of("read")));
        assertEquals(201, fresh.status(), fresh.toString());
        String key = fresh.body().path("key").asText();
        String path = "/v1/workflows/" + WORKFLOW + "/events/stream";
        List<SseReader> open = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                open.add(SseReader.open((i % 2 == 0 ? urlA : urlB) + path, key, null));
            }
            for (String url : List.of(urlA, urlB)) {
                HttpResponse<String> refused = get(url + path, key);
                assertEquals(429, refused.statusCode(), url + ": " + refused.body());
                assertEquals("stream_limit_exceeded", Api.JSON.readTree(refused.body()).path("error").path("code").asText());
            }
            open.remove(0).close(); // a stream of A
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            HttpResponse<String> retried;
            SseReader admitted = null;
            while (admitted == null) {
                // the instance notices the closed connection, then its lease goes; B admits once it is gone
                try {
                    admitted = SseReader.open(urlB + path, key, null);
                } catch (IllegalStateException refusedStill) {
                    assertTrue(Instant.now().isBefore(deadline), "a closed stream on A never freed its place: " + refusedStill);
                    Thread.sleep(250);
                }
            }
            open.add(admitted);
            retried = get(urlA + path, key);
            assertEquals(429, retried.statusCode(), "50 open again: " + retried.body());
        } finally {
            open.forEach(SseReader::close);
        }
    }

    private static List<String> emit(Api api, String session, int from, int to) {
        List<Object> batch = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            batch.add(map("type", "tag", "t_ms", 100 * i, "payload", map("name", "step", "data", map("i", i))));
        }
        var answer = api.post("/v1/sessions/" + session + "/events", map("events", batch));
        assertEquals(201, answer.status(), answer.toString());
        List<String> ids = new ArrayList<>();
        JsonNode stored = answer.body().has("data") ? answer.body().path("data") : answer.body().path("events");
        stored.forEach(e -> ids.add(e.path("id").asText()));
        assertEquals(to - from + 1, ids.size(), answer.toString());
        return ids;
    }

    private static HttpResponse<String> get(String url, String key) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A second api-gateway process, configured as the platform's own (same infrastructure, same operator key). */
    private static ServiceProcess secondGateway(RunningPlatform.Handle platform) throws IOException, InterruptedException {
        Path data = Files.createTempDirectory("nusomi-gateway-b-");
        Map<String, String> properties = new HashMap<>(platform.infra().asQuarkusConfig());
        properties.put("nusomi.data-dir", data.toString());
        properties.put("nusomi.webhooks.allow-private-targets", "true");
        properties.put("nusomi.gateway.capture-ingest-url", platform.platform().service(NusomiService.CAPTURE_INGEST).url());
        ServiceProcess gateway = ServiceProcess.start(Repo.root(), NusomiService.API_GATEWAY.module(), Ports.free(),
                Platform.SERVICE_JVM_OPTIONS, properties,
                Map.of("NUSOMI_DATA_DIR", data.toString(), "NUSOMI_GATEWAY_OPERATOR_KEY", platform.operatorKey()),
                Path.of("target", "service-logs", "gateway-b").toAbsolutePath());
        try {
            gateway.awaitReady(Duration.ofMinutes(3));
        } catch (IOException | InterruptedException | RuntimeException e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    /** An SSE client written from SPEC §5 alone: frames are blank-line separated {@code field: value} lines. */
    static final class SseReader implements AutoCloseable {
        private final InputStream body;
        private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();

        private SseReader(InputStream body) {
            this.body = body;
            Thread.ofVirtual().start(this::read);
        }

        /** Opens the stream; throws IllegalStateException with the answer when it is refused. */
        static SseReader open(String url, String key, String lastEventId) throws IOException, InterruptedException {
            var request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                    .header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> response = HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                String answer;
                try (InputStream in = response.body()) {
                    answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                throw new IllegalStateException(response.statusCode() + " " + answer);
            }
            return new SseReader(response.body());
        }

        private void read() {
            try (var lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String id = null;
                String event = null;
                StringBuilder data = null;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.isEmpty()) {
                        if (data != null || event != null) {
                            frames.add(new Frame(id, event, data == null ? null : data.toString()));
                        }
                        id = null;
                        event = null;
                        data = null;
                    } else if (line.startsWith("id:")) {
                        id = value(line);
                    } else if (line.startsWith("event:")) {
                        event = value(line);
                    } else if (line.startsWith("data:")) {
                        data = data == null ? new StringBuilder(value(line)) : data.append('\n').append(value(line));
                    }
                }
            } catch (IOException e) {
                // closed by the test
            }
        }

        private static String value(String line) {
            String v = line.substring(line.indexOf(':') + 1);
            return v.startsWith(" ") ? v.substring(1) : v;
        }

        Frame next() throws InterruptedException {
            Frame f = frames.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (f == null) {
                throw new AssertionError("no frame within " + WAIT);
            }
            return f;
        }

        /** The next {@code n} event frames (frames with an id). */
        List<Frame> events(int n) throws InterruptedException {
            List<Frame> out = new ArrayList<>();
            while (out.size() < n) {
                Frame f = next();
                assertTrue(f.id() != null, "an event frame, not " + f);
                out.add(f);
            }
            return out;
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
