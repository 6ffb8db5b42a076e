package com.nusomi.systemtests;

import com.nusomi.devstack.testing.TestWebp;

import static com.nusomi.systemtests.Api.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.CaptureSignal;
import com.nusomi.contracts.avro.ClickPayload;
import com.nusomi.contracts.avro.EventType;
import com.nusomi.contracts.avro.SdkEventSignal;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Write-path benchmark (issue 8 item 5), NOT part of CI (its name matches neither surefire's nor failsafe's includes):
 * emitted events/s through the gateway vs a raw Kafka producer sending the same records to the same topic, and frame
 * upload vs raw S3 PUTs of the same bytes, at the same concurrency, with p50/p99 latency of each request (an emit of
 * 100 events, an upload of 50 frames; for the raw side: 100 sends acknowledged, 50 PUTs). Loopback only, bounded.
 * Run: {@code bench/write-path.sh} (writes docs/benchmarks.md).
 */
@ExtendWith(RunningPlatform.class)
class WritePathBench {
    /** The heading of this benchmark's section in docs/benchmarks.md: the only part of that file it rewrites. */
    static final String SECTION = "## Write path (issue 8)";

    static final int CLIENTS = Integer.getInteger("bench.clients", 4);
    static final int EMITS_PER_CLIENT = Integer.getInteger("bench.emits", 30);
    static final int EVENTS_PER_EMIT = 100;
    static final int UPLOADS_PER_CLIENT = Integer.getInteger("bench.uploads", 6);
    static final int FRAMES_PER_UPLOAD = 50;

    /** One side of a comparison: items per second and per-request latencies (ms). */
    record Run(String name, long items, long nanos, List<Double> latenciesMs) {
        double perSecond() {
            return items / (nanos / 1e9);
        }

        double percentile(double p) {
            List<Double> sorted = new ArrayList<>(latenciesMs);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
        }
    }

    @Test
    void writePathAgainstRawKafkaAndS3(RunningPlatform.Handle platform) throws Exception {
        Api operator = new Api(platform.gatewayUrl(), platform.operatorKey());
        var workspace = operator.post("/v1/workspaces", map("name", "bench"));
        assertEquals(201, workspace.status(), workspace.toString());
        Api admin = operator.as(workspace.body().path("admin_key").asText());
        String workspaceId = workspace.body().path("id").asText();

        List<Api> clients = new ArrayList<>();
        List<String> sessions = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            var key = admin.post("/v1/keys", map("name", "bench-" + c, "scopes", List.of("write")));
            Api client = admin.as(key.body().path("key").asText());
            String session = client.post("/v1/sessions", map("workflow", "bench", "actor", map("kind", "script"))).body().path("id").asText();
            assertEquals(200, client.post("/v1/sessions/" + session + "/start", map()).status());
            clients.add(client);
            sessions.add(session);
        }

        // frames first, so that the emitted events have frames to anchor to
        Run uploads = parallel("gateway frame upload", FRAMES_PER_UPLOAD, UPLOADS_PER_CLIENT, c -> batch -> {
            Map<String, Object> metadata = new LinkedHashMap<>();
            Map<String, byte[]> images = new LinkedHashMap<>();
            List<Object> frames = new ArrayList<>();
            for (int i = 0; i < FRAMES_PER_UPLOAD; i++) {
                long t = (long) batch * FRAMES_PER_UPLOAD + i;
                frames.add(map("t_ms", t * 40, "image", "f" + i, "viewport", map("w", 1280, "h", 800, "scale", 1)));
                images.put("f" + i, image(c, t));
            }
            metadata.put("frames", frames);
            var answer = clients.get(c).uploadFrames(sessions.get(c), metadata, images);
            assertEquals(201, answer.status(), answer.toString());
        });
        Run puts = parallel("raw S3 PUT", FRAMES_PER_UPLOAD, UPLOADS_PER_CLIENT, c -> batch -> {
            for (int i = 0; i < FRAMES_PER_UPLOAD; i++) {
                long t = (long) batch * FRAMES_PER_UPLOAD + i;
                byte[] bytes = image(c, t);
                platform.s3().putObject(b -> b.bucket(platform.infra().bucket())
                        .key("bench/" + c + "/" + t + ".webp").contentType("image/webp"), RequestBody.fromBytes(bytes));
            }
        });

        Run emits = parallel("gateway emit", EVENTS_PER_EMIT, EMITS_PER_CLIENT, c -> batch -> {
            List<Object> events = new ArrayList<>();
            for (int i = 0; i < EVENTS_PER_EMIT; i++) {
                events.add(map("type", "click", "t_ms", 100 + batch * EVENTS_PER_EMIT + i, "payload", map("x", i, "y", batch)));
            }
            while (true) {
                var answer = clients.get(c).post("/v1/sessions/" + sessions.get(c) + "/events", map("events", events));
                if (answer.status() == 429) { // a well-behaved client waits as told
                    Thread.sleep(1000L * Long.parseLong(answer.header("Retry-After")));
                    continue;
                }
                assertEquals(201, answer.status(), answer.toString());
                return;
            }
        });
        Run raw;
        try (var producer = producer(platform)) {
            raw = parallel("raw Kafka producer", EVENTS_PER_EMIT, EMITS_PER_CLIENT, c -> batch -> {
                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                List<Future<?>> acks = new ArrayList<>();
                for (int i = 0; i < EVENTS_PER_EMIT; i++) {
                    String id = IdPrefix.EVENT.newId();
                    var signal = CaptureSignal.newBuilder().setSignalId(id).setSessionId(sessions.get(c))
                            .setWorkspaceId(workspaceId).setTMs(100_000L + batch * EVENTS_PER_EMIT + i).setReceivedAt(now)
                            .setBody(SdkEventSignal.newBuilder().setEventId(id).setType(EventType.click)
                                    .setPayload(ClickPayload.newBuilder().setX(i).setY(batch).build()).setFrameId(null).build())
                            .build();
                    acks.add(producer.send(new ProducerRecord<>(Topic.CAPTURE_SIGNALS.topicName(), sessions.get(c), signal)));
                }
                for (Future<?> ack : acks) {
                    ack.get();
                }
            });
        }
        report(List.of(emits, raw, uploads, puts));
    }

    interface Batch {
        void run(int batch) throws Exception;
    }

    interface Client {
        Batch of(int client);
    }

    /** CLIENTS threads, each running {@code batches} requests one after the other; wall time over all of them. */
    private static Run parallel(String name, int itemsPerBatch, int batches, Client client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Batch batch = client.of(c);
                done.add(pool.submit((Callable<Void>) () -> {
                    for (int b = 0; b < batches; b++) {
                        long t0 = System.nanoTime();
                        batch.run(b);
                        latencies.add((System.nanoTime() - t0) / 1e6);
                    }
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Run(name, (long) CLIENTS * batches * itemsPerBatch, System.nanoTime() - start, latencies);
    }

    /** A distinct lossless WebP per (client, frame), so no upload is a content-addressed no-op. */
    private static byte[] image(int client, long frame) {
        return TestWebp.solid(1280, 800, 0xff000000 | (client << 20) | (int) (frame & 0xfffff));
    }

    private static KafkaProducer<String, Object> producer(RunningPlatform.Handle platform) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.infra().kafkaBootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put("apicurio.registry.url", platform.infra().registryUrl());
        p.put("apicurio.registry.auto-register", "true");
        return new KafkaProducer<>(p);
    }

    private static void report(List<Run> runs) throws IOException {
        Run emits = runs.get(0), raw = runs.get(1), uploads = runs.get(2), puts = runs.get(3);
        var text = new StringBuilder();
        text.append(SECTION).append("\n\n")
                .append("Issue 8 item 5: the gateway's write path against the raw limits of the same infrastructure, measured in ")
                .append("the same run on the same machine (loopback; embedded Kafka, S3Proxy, PostgreSQL; all seven services).\n\n")
                .append("- date: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n')
                .append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(ManagementFactory.getOperatingSystemMXBean().getName()).append(' ')
                .append(System.getProperty("os.arch")).append(", Java ").append(System.getProperty("java.version"))
                .append(" (shared with other work: figures are indicative, the ratios are the point)\n")
                .append("- command: `bench/write-path.sh` (system-tests `WritePathBench`; ")
                .append(CLIENTS).append(" clients in parallel, each its own API key and session; ")
                .append(EMITS_PER_CLIENT).append(" emits of ").append(EVENTS_PER_EMIT).append(" events and ")
                .append(UPLOADS_PER_CLIENT).append(" uploads of ").append(FRAMES_PER_UPLOAD).append(" frames per client; ")
                .append("frames are ").append(image(0, 0).length).append("-byte lossless WebP, 1280×800)\n\n")
                .append("| path | items | items/s | p50 ms | p99 ms | per request |\n|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            text.append(String.format("| %s | %d | %.0f | %.1f | %.1f | %s |%n", r.name(), r.items(), r.perSecond(),
                    r.percentile(0.50), r.percentile(0.99), r == emits || r == raw ? "100 events" : "50 frames"));
        }
        text.append(String.format("%n| ratio | measured | target |%n|---|---|---|%n"))
                .append(String.format("| gateway emit / raw Kafka producer (events/s) | %.2f | ≥ 0.5 |%n", emits.perSecond() / raw.perSecond()))
                .append(String.format("| gateway frame upload / raw S3 PUT (frames/s) | %.2f | ≥ 0.6 |%n", uploads.perSecond() / puts.perSecond()));
        text.append("\nThe gateway side includes authentication, rate limiting (SPEC limits: 1000 events/s per key, so ")
                .append(CLIENTS).append(" keys allow ").append(CLIENTS * 1000).append(" events/s; a 429 is waited out ")
                .append("as `Retry-After` says and counts in the time), validation, the session check and, for frames, ")
                .append("capture-ingest's validation, object store PUT, index row and Kafka record. The frames are tiny ")
                .append("solid-colour images, so per-request costs dominate; with ~30 KB screenshots the object store's byte ")
                .append("throughput weighs more on both sides.\n");
        Path out = Path.of(System.getProperty("nusomi.root", ".."), "docs", "benchmarks.md");
        String doc = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "# Benchmarks\n\n";
        Files.writeString(out, withSection(doc, text.toString()), StandardCharsets.UTF_8);
        System.out.println(text);
    }

    /** {@code doc} with its write-path section replaced by {@code section} (appended when absent); the others kept. */
    static String withSection(String doc, String section) {
        return withSection(doc, SECTION, section);
    }

    /** {@code doc} with the section under {@code heading} replaced by {@code section} (appended when absent). */
    static String withSection(String doc, String heading, String section) {
        int start = doc.indexOf(heading);
        if (start < 0) {
            return doc.stripTrailing() + "\n\n" + section;
        }
        int next = doc.indexOf("\n## ", start + heading.length());
        return doc.substring(0, start) + section.stripTrailing() + "\n" + (next < 0 ? "" : doc.substring(next));
    }
}
