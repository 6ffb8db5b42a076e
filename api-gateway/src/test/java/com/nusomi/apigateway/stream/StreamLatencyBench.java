package com.nusomi.apigateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nusomi.apigateway.stream.StreamFixtures.Recorded;
import com.nusomi.apigateway.support.Api;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.apigateway.support.Kafka;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.Event;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test (its name keeps it out of the default run; it runs only with -Dbench.streams): N streams over S
 * sessions of one workspace, events published to nusomi.events at R per second for D seconds, emit → receipt latency
 * per delivered frame, and the same records' latency to a bare consumer as the machine's reference.
 * {@code ./mvnw -pl api-gateway -am verify -Dtest=StreamLatencyBench -Dsurefire.failIfNoSpecifiedTests=false -DskipITs
 * -Dbench.streams=500 -Dbench.sessions=50 -Dbench.rate=1000 -Dbench.seconds=20}
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "bench.streams", matches = ".+") // a -Dtest pattern like com.nusomi.apigateway.** matches it too
@TestProfile(StreamLatencyBench.Profile.class)
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class StreamLatencyBench {
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nusomi.gateway.stream.max-per-key", "100000", "nusomi.gateway.stream.max-per-workspace", "100000",
                    "nusomi.gateway.stream.keepalive", "15s", "quarkus.log.level", "WARN",
                    "quarkus.log.category.\"com.nusomi.apigateway.stream\".level", "INFO");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @jakarta.inject.Inject
    LiveFeed feed;

    @jakarta.inject.Inject
    com.nusomi.kit.kafka.AvroCodec codec;

    @Test
    void latency() throws Exception {
        int streams = Integer.getInteger("bench.streams", 500);
        int sessions = Integer.getInteger("bench.sessions", 50);
        int rate = Integer.getInteger("bench.rate", 1000);
        int seconds = Integer.getInteger("bench.seconds", 20);
        Api.Workspace ws = Api.newWorkspace("bench");
        List<Recorded> recorded = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            recorded.add(StreamFixtures.recordingSession(ws.id(), "bench_wf"));
        }
        {
            Event probeEvent = StreamFixtures.click(recorded.get(0), 1, 0.99);
            var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
            byte[] bytes = codec.encode(Topic.EVENTS.topicName(), headers, probeEvent);
            long t0 = System.nanoTime();
            for (int i = 0; i < 500; i++) {
                codec.decode(Topic.EVENTS.topicName(), headers, bytes, Event.class);
            }
            long t1 = System.nanoTime();
            var p = Kafka.producer();
            for (int i = 0; i < 500; i++) {
                p.send(new ProducerRecord<>(Topic.EVENTS.topicName(), "probe", StreamFixtures.click(recorded.get(0), i, 0.5)));
            }
            long t2 = System.nanoTime();
            p.flush();
            long t3 = System.nanoTime();
            System.out.printf("%nBENCH decode %.3f ms/record; producer send %.3f ms/record, flush %.1f ms%n",
                    (t1 - t0) / 500e6, (t2 - t1) / 500e6, (t3 - t2) / 1e6);
        }
        Map<String, Long> emitted = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
        AtomicLong received = new AtomicLong();
        AtomicLong dropped = new AtomicLong();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<InputStream> bodies = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            Recorded s = recorded.get(i % sessions);
            var request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "")
                    + "/v1/sessions/" + s.sessionId() + "/events/stream"))
                    .header("Authorization", "Bearer " + ws.adminKey()).GET().build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            bodies.add(response.body());
            Thread.ofVirtual().start(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.startsWith("id: ")) {
                            long now = System.nanoTime();
                            Long at = emitted.get(line.substring(4));
                            if (at != null) {
                                if (n == mine.length) {
                                    mine = Arrays.copyOf(mine, n * 2);
                                }
                                mine[n++] = now - at;
                                received.incrementAndGet();
                            }
                        } else if (line.startsWith(": dropped")) {
                            dropped.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    // closed at the end
                }
                samples.add(Arrays.copyOf(mine, n));
            });
        }
        ConcurrentLinkedQueue<Long> feedLatency = new ConcurrentLinkedQueue<>();
        var probe = feed.subscribeSession(recorded.get(0).sessionId(), item -> {
            if (item instanceof Live.EventArrived a) {
                Long at = emitted.get(a.event().id());
                if (at != null) {
                    feedLatency.add(System.nanoTime() - at);
                }
            }
        });
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long total = (long) rate * seconds;
        // encoded up front (Apicurio framing from the codec, body by a plain writer): the serializer costs ~1.5 ms a
        // record, which would cap the emitter below the rate under test
        List<Event> events = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        byte[] header = Arrays.copyOf(codec.encode(Topic.EVENTS.topicName(),
                new org.apache.kafka.common.header.internals.RecordHeaders(), StreamFixtures.click(recorded.get(0), 0, 0.99)), 5);
        var writer = new org.apache.avro.specific.SpecificDatumWriter<Event>(Event.getClassSchema());
        for (long i = 0; i < total; i++) {
            Event e = StreamFixtures.click(recorded.get((int) (i % sessions)), i, 0.99);
            var out = new java.io.ByteArrayOutputStream();
            out.write(header);
            var encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
            writer.write(e, encoder);
            encoder.flush();
            events.add(e);
            encoded.add(out.toByteArray());
        }
        // the reference limit of this machine and broker: the same records consumed by a bare consumer in this JVM
        // (read-committed, the feed's fetch wait), so the receipt figure can be read as a ratio across machines
        ConcurrentLinkedQueue<Long> rawLatency = new ConcurrentLinkedQueue<>();
        long[] emitAt = new long[(int) total];
        var rawRunning = new java.util.concurrent.atomic.AtomicBoolean(true);
        var rawReady = new java.util.concurrent.CountDownLatch(1);
        Thread raw = Thread.ofPlatform().name("bench-raw-consumer").start(() -> {
            try (var c = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(Map.<String, Object>of(
                    "bootstrap.servers", Kafka.bootstrap(), "enable.auto.commit", false,
                    "isolation.level", "read_committed", "fetch.max.wait.ms", 10),
                    new org.apache.kafka.common.serialization.StringDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
                var tps = c.partitionsFor(Topic.EVENTS.topicName()).stream()
                        .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
                c.assign(tps);
                c.seekToEnd(tps);
                tps.forEach(c::position);
                rawReady.countDown();
                while (rawRunning.get()) {
                    for (var r : c.poll(java.time.Duration.ofMillis(100))) {
                        long now = System.nanoTime();
                        var h = r.headers().lastHeader("bench-i");
                        if (h != null) {
                            rawLatency.add(now - emitAt[java.nio.ByteBuffer.wrap(h.value()).getInt()]);
                        }
                    }
                }
            }
        });
        rawReady.await(30, TimeUnit.SECONDS);
        var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(Map.<String, Object>of(
                "bootstrap.servers", Kafka.bootstrap(), "acks", "all", "linger.ms", 0),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
        long cpuStart = os.getProcessCpuTime();
        long wallStart = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = wallStart + i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            Event e = events.get(i);
            var record = new ProducerRecord<>(Topic.EVENTS.topicName(), e.getSessionId(), encoded.get(i));
            record.headers().add("bench-i", java.nio.ByteBuffer.allocate(4).putInt(i).array());
            long now = System.nanoTime();
            emitAt[i] = now;
            emitted.put(e.getEventId(), now);
            producer.send(record);
        }
        producer.flush();
        long emitSeconds = (System.nanoTime() - wallStart) / 1_000_000;
        long expected = 0;
        for (long i = 0; i < total; i++) {
            int session = (int) (i % sessions);
            expected += streams / sessions + (session < streams % sessions ? 1 : 0);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        long wall = System.nanoTime() - wallStart;
        producer.close();
        rawRunning.set(false);
        raw.join(5_000);
        long cpu = os.getProcessCpuTime() - cpuStart;
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        for (InputStream body : bodies) {
            body.close();
        }
        Thread.sleep(1000);
        probe.cancel().run();
        long[] feedSorted = feedLatency.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%nBENCH emit loop took %d ms for %d s of schedule; emit -> live feed p50=%.1fms p99=%.1fms%n",
                emitSeconds, seconds, pct(feedSorted, 0.5), pct(feedSorted, 0.99));
        long[] all = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("%nBENCH streams=%d sessions=%d rate=%d/s seconds=%d events=%d frames expected=%d received=%d "
                        + "dropped-notices=%d p50=%.1fms p99=%.1fms max=%.1fms cpu=%.0f%% of one core (whole test JVM) heap-used=%dMiB%n",
                streams, sessions, rate, seconds, total, expected, received.get(), dropped.get(),
                pct(all, 0.50), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6,
                100.0 * cpu / wall, heap.getUsed() >> 20);
        long[] rawSorted = rawLatency.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%nBENCH reference: emit -> bare consumer (same records, same JVM) n=%d p50=%.1fms p99=%.1fms; "
                        + "receipt p99 / reference p99 = %.2f; load average %.2f%n",
                rawSorted.length, pct(rawSorted, 0.5), pct(rawSorted, 0.99),
                pct(rawSorted, 0.99) == 0 ? 0 : pct(all, 0.99) / pct(rawSorted, 0.99), os.getSystemLoadAverage());
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
    }
}
