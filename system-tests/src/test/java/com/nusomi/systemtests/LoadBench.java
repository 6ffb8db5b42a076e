package com.nusomi.systemtests;

import static com.nusomi.systemtests.Api.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nusomi.contracts.avro.SessionLifecycle;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.devstack.DevStack;
import com.nusomi.devstack.launch.Credentials;
import com.nusomi.devstack.launch.ServiceProcess;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Load benchmark (issue 12 item 6), NOT part of CI (its name matches neither surefire's nor failsafe's includes):
 * {@code bench.sessions} sessions × {@code bench.frames} frames recorded concurrently through the public API, each then
 * stopped, until sealed — once with one instance of every service, then again with a second instance of every
 * service started beside the first (the second half of the sessions through the second gateway). Measures sessions
 * sealed per second, seal latency after the stop (p50/p99, from the {@code stopped} and {@code sealed} transitions on
 * {@code nusomi.sessions.lifecycle}), and the platform's resident memory (peak of the sum of RSS of every process).
 * Run: {@code bench/load.sh} (writes its section of docs/benchmarks.md).
 */
class LoadBench {
    static final String SECTION = "## Load: sessions recorded concurrently to sealed (issue 12)";
    static final int SESSIONS = Integer.getInteger("bench.sessions", 100);
    static final int FRAMES = Integer.getInteger("bench.frames", 300);
    static final int BATCH = 50;
    static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);

    record Run(int instances, int sessions, long frames, double uploadSeconds, double framesPerSecond,
               double sealedPerSecond, double endToEndSeconds, double p50, double p99, double max,
               Map<String, Long> peakRssMb, long peakTotalMb) {}

    @Test
    void sessionsRecordedConcurrentlyToSealedWithOneAndTwoInstances() throws Exception {
        String loadAtStart = String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Instant date = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (DevStack stack = DevStack.startForTests()) {
            String operatorKey = Credentials.newOperatorKey();
            var first = RunningPlatform.startOwn(stack.settings(), FaultMatrixIT.config(), operatorKey, "load-1");
            RunningPlatform.Handle second = null;
            try {
                List<Run> runs = new ArrayList<>();
                runs.add(run(stack, List.of(first), 1));
                second = RunningPlatform.startOwn(stack.settings(), FaultMatrixIT.config(), operatorKey, "load-2");
                runs.add(run(stack, List.of(first, second), 2));
                report(runs, date, loadAtStart);
            } finally {
                if (second != null) {
                    second.platform().close();
                }
                first.platform().close();
            }
        }
    }

    private Run run(DevStack stack, List<RunningPlatform.Handle> platforms, int instances) throws Exception {
        Api operator = new Api(platforms.get(0).gatewayUrl(), platforms.get(0).operatorKey());
        var workspace = operator.post("/v1/workspaces", map("name", "load_" + instances));
        assertEquals(201, workspace.status(), workspace.toString());
        String adminKey = workspace.body().path("admin_key").asText();
        List<ResilientClient> gateways = platforms.stream()
                .map(p -> new ResilientClient(new Api(p.gatewayUrl(), adminKey), Duration.ofMinutes(5))).toList();

        var sampler = new RssSampler(stack, platforms);
        sampler.start();
        Semaphore inFlight = new Semaphore(CONCURRENCY);
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong frames = new AtomicLong();
        Instant t0 = Instant.now();
        List<Thread> recorders = new ArrayList<>();
        for (int s = 0; s < SESSIONS; s++) {
            ResilientClient client = gateways.get(s % gateways.size());
            recorders.add(Thread.ofVirtual().start(() -> {
                try {
                    RecordedSession session = limited(inFlight, () -> RecordedSession.start(client, "load_" + instances));
                    ids.add(session.id);
                    for (int b = 0; b < FRAMES / BATCH; b++) {
                        int batch = b;
                        limited(inFlight, () -> {
                            upload(client, session, batch);
                            return null;
                        });
                        frames.addAndGet(BATCH);
                    }
                    limited(inFlight, () -> {
                        var success = client.post("/v1/sessions/" + session.id + "/events",
                                map("type", "success", "t_ms", (long) FRAMES * 100, "payload", map("marker", "done")));
                        assertEquals(201, success.status(), success.toString());
                        session.stop(client);
                        return null;
                    });
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        for (Thread t : recorders) {
            t.join();
        }
        Instant uploaded = Instant.now();
        if (failure.get() != null) {
            throw new AssertionError("recording failed: " + failure.get(), failure.get());
        }
        for (String id : ids) {
            FaultMatrixIT.await(() -> gateways.get(0).get("/v1/sessions/" + id).body(),
                    n -> "sealed".equals(n.path("status").asText()), "session " + id + " sealed", Duration.ofMinutes(10));
        }
        sampler.interrupt();
        sampler.join();

        Map<String, List<SessionLifecycle>> transitions = Audit.transitions(stack.settings().kafkaBootstrap(),
                stack.settings().registryUrl(), Set.copyOf(ids));
        List<Double> latencies = new ArrayList<>();
        Instant firstStop = null;
        Instant lastSeal = null;
        for (String id : ids) {
            Instant stopped = at(transitions.get(id), SessionStatus.stopped);
            Instant sealed = at(transitions.get(id), SessionStatus.sealed);
            latencies.add(Duration.between(stopped, sealed).toMillis() / 1.0);
            firstStop = firstStop == null || stopped.isBefore(firstStop) ? stopped : firstStop;
            lastSeal = lastSeal == null || sealed.isAfter(lastSeal) ? sealed : lastSeal;
        }
        Collections.sort(latencies);
        double uploadSeconds = FaultMatrixIT.seconds(t0, uploaded);
        return new Run(instances, SESSIONS, frames.get(), uploadSeconds, frames.get() / uploadSeconds,
                SESSIONS / Math.max(0.001, FaultMatrixIT.seconds(firstStop, lastSeal)),
                FaultMatrixIT.seconds(t0, lastSeal), percentile(latencies, 0.50), percentile(latencies, 0.99),
                latencies.get(latencies.size() - 1), sampler.peakByComponent(), sampler.peakTotalMb());
    }

    private static void upload(ResilientClient client, RecordedSession session, int batch) {
        List<Object> metadata = new ArrayList<>();
        Map<String, byte[]> images = new LinkedHashMap<>();
        for (int i = batch * BATCH; i < (batch + 1) * BATCH; i++) {
            metadata.add(map("t_ms", i * 100L, "image", "f" + i, "viewport", map("w", 64, "h", 48, "scale", 1)));
            images.put("f" + i, com.nusomi.devstack.testing.TestWebp.solid(64, 48,
                    0xff000000 | ((session.id.hashCode() * 31 + i) & 0xffffff)));
        }
        var answer = client.upload(session.id, map("frames", metadata), images);
        assertEquals(201, answer.status(), answer.toString());
        var click = client.post("/v1/sessions/" + session.id + "/events",
                map("type", "click", "t_ms", batch * BATCH * 100L + 50, "payload", map("x", batch, "y", 1)));
        assertEquals(201, click.status(), click.toString());
    }

    interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T limited(Semaphore permits, Call<T> call) throws Exception {
        permits.acquire();
        try {
            return call.call();
        } finally {
            permits.release();
        }
    }

    private static Instant at(List<SessionLifecycle> records, SessionStatus to) {
        return records.stream().filter(r -> r.getToStatus() == to).map(SessionLifecycle::getAt).min(Instant::compareTo)
                .orElseThrow(() -> new AssertionError("no " + to + " transition in " + records));
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /** Peak of the summed RSS of every process of the platform, sampled every second. */
    private static final class RssSampler extends Thread {
        private final DevStack stack;
        private final List<RunningPlatform.Handle> platforms;
        private Map<String, Long> peak = Map.of();
        private long peakTotal;

        RssSampler(DevStack stack, List<RunningPlatform.Handle> platforms) {
            super("rss-sampler");
            setDaemon(true);
            this.stack = stack;
            this.platforms = platforms;
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                sample();
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void sample() {
            Map<String, Long> kb = new LinkedHashMap<>();
            Set<Long> services = platforms.stream().flatMap(p -> p.platform().processes().stream())
                    .map(ServiceProcess::pid).collect(Collectors.toSet());
            for (var p : platforms) {
                for (ServiceProcess s : p.platform().processes()) {
                    kb.merge(s.name(), rssKb(s.pid()), Long::sum);
                }
            }
            kb.put("PostgreSQL (all backends)", postgresPids().stream().mapToLong(RssSampler::rssKb).sum());
            kb.put("schema registry", ProcessHandle.current().children().filter(c -> !services.contains(c.pid()))
                    .flatMap(c -> Stream.concat(Stream.of(c), c.descendants())).mapToLong(c -> rssKb(c.pid())).sum());
            kb.put("infrastructure JVM (Kafka, S3Proxy, load generator)", rssKb(ProcessHandle.current().pid()));
            long total = kb.values().stream().mapToLong(Long::longValue).sum();
            synchronized (this) {
                if (total > peakTotal) {
                    peakTotal = total;
                    peak = kb;
                }
            }
        }

        private List<Long> postgresPids() {
            try {
                long postmaster = Long.parseLong(Files.readAllLines(stack.postgres().dataDir().resolve("postmaster.pid")).get(0).trim());
                return ProcessHandle.of(postmaster).stream()
                        .flatMap(p -> Stream.concat(Stream.of(p), p.descendants())).map(ProcessHandle::pid).toList();
            } catch (IOException | RuntimeException e) {
                return List.of();
            }
        }

        static long rssKb(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // the process ended between listing and reading
            }
            return 0;
        }

        synchronized Map<String, Long> peakByComponent() {
            Map<String, Long> mb = new LinkedHashMap<>();
            peak.forEach((k, v) -> mb.put(k, v / 1024));
            return mb;
        }

        synchronized long peakTotalMb() {
            return peakTotal / 1024;
        }
    }

    private static void report(List<Run> runs, Instant date, String loadAtStart) throws IOException {
        var text = new StringBuilder(SECTION).append("\n\n")
                .append("Issue 12 item 6: sessions recorded concurrently through the public API (gateway → capture-ingest → ")
                .append("Kafka → extractor and sealer) until sealed, with one instance of every service and then with two.\n\n")
                .append("- date: ").append(date).append('\n')
                .append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(ManagementFactory.getOperatingSystemMXBean().getName()).append(' ').append(System.getProperty("os.arch"))
                .append(", Java ").append(System.getProperty("java.version")).append("; load average ").append(loadAtStart)
                .append(" at the start, ").append(String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append(" at the end (shared with other work)\n")
                .append("- command: `bench/load.sh` (system-tests `LoadBench`; ").append(SESSIONS).append(" sessions × ")
                .append(FRAMES).append(" frames of 64×48 lossless WebP in uploads of ").append(BATCH)
                .append(", one click per upload and a success marker, then stop; all sessions recording at once, at most ")
                .append(CONCURRENCY).append(" requests in flight; with two instances every service runs twice and every ")
                .append("second session goes through the second gateway)\n\n")
                .append("| instances | sessions | frames | upload phase s | frames/s | sessions sealed/s | first upload → last seal s | seal latency p50 ms | p99 ms | max ms | peak RSS of the platform MB |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            text.append(String.format("| %d | %d | %d | %.1f | %.0f | %.1f | %.1f | %.0f | %.0f | %.0f | %d |%n",
                    r.instances(), r.sessions(), r.frames(), r.uploadSeconds(), r.framesPerSecond(), r.sealedPerSecond(),
                    r.endToEndSeconds(), r.p50(), r.p99(), r.max(), r.peakTotalMb()));
        }
        text.append("\nPeak RSS by component (MB):\n\n| component | ");
        runs.forEach(r -> text.append(r.instances()).append(" instance(s) | "));
        text.append("\n|---|").append("---|".repeat(runs.size())).append('\n');
        for (String component : runs.get(runs.size() - 1).peakRssMb().keySet()) {
            text.append("| ").append(component).append(" | ");
            runs.forEach(r -> text.append(r.peakRssMb().getOrDefault(component, 0L)).append(" | "));
            text.append('\n');
        }
        text.append("\nSeal latency is `sealed.at − stopped.at` of each session's transitions on `nusomi.sessions.lifecycle` ")
                .append("(the stop as the API took it, the seal as the sealer committed it). Sessions sealed/s is the sessions ")
                .append("divided by the time from the first stop to the last seal. RSS is summed over every process (each ")
                .append("service JVM, PostgreSQL's postmaster and backends — their shared buffers counted in each — the schema ")
                .append("registry, and the JVM that hosts Kafka, S3Proxy and the load generator) and sampled every second; ")
                .append("the peak of the sum is shown.\n");
        Path out = Repo.path("docs/benchmarks.md");
        String doc = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "# Benchmarks\n\n";
        Files.writeString(out, withSection(doc, text.toString()), StandardCharsets.UTF_8);
        System.out.println(text);
    }

    static String withSection(String doc, String section) {
        int start = doc.indexOf(SECTION);
        if (start < 0) {
            return doc.stripTrailing() + "\n\n" + section;
        }
        int next = doc.indexOf("\n## ", start + SECTION.length());
        return doc.substring(0, start) + section.stripTrailing() + "\n" + (next < 0 ? "" : doc.substring(next));
    }
}
