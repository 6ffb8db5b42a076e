package com.nusomi.systemtests;

import static com.nusomi.systemtests.Api.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.devstack.internal.Ports;
import com.nusomi.devstack.launch.NusomiService;
import com.nusomi.devstack.launch.Platform;
import com.nusomi.devstack.launch.ServiceProcess;
import com.nusomi.devstack.testing.TestWebp;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Export benchmark (issue 7 item 8), NOT part of CI (its name matches neither surefire's nor failsafe's includes):
 * exports of ≥ 100 MB of screenshot-sized frames end to end (request → manifest, through the seven services) against
 * limits measured in the same run on the same frame files — {@code tar cf - | sha256sum} on local disk and the same
 * frames moved by hand with awscli + tar + sha256sum through the same object store — plus a scaled copy of seed
 * 001's example (24 shards) with 1, 2 and 4 shard writers, and the writer's heap with 32 MiB and 256 MiB shards.
 * The writer series runs twice: to the on-box store, and to a "remote store" ({@link RemoteStoreShaper} in front of
 * the same store: latency, a per-connection bandwidth cap, handshakes), whose limit is the by-hand pipeline uploading
 * through the same shaper; each export also reports its shards per writer, the writers' CPU and connections opened.
 * Run: {@code bench/export.sh} (rewrites the "Exports (issue 7)" section of docs/benchmarks.md).
 */
@ExtendWith(RunningPlatform.class)
class ExportBench {
    static final String SECTION = "## Exports (issue 7)";
    /** Seed 001's example export: 184,312 rows (one click per frame) in 24 shards; scaled down by {@link #SCALE}. */
    static final int SEED_ROWS = 184_312;
    static final int SEED_SHARDS = 24;
    static final int SCALE = Integer.getInteger("bench.scale", 100);
    static final int FRAMES = Integer.getInteger("bench.frames", SEED_ROWS / SCALE);
    static final int FRAME_BYTES = Integer.getInteger("bench.frameBytes", 56 * 1024);
    static final int SESSIONS = Integer.getInteger("bench.sessions", 8);
    static final List<Integer> WRITERS = Stream.of(System.getProperty("bench.writers", "1,2,4").split(","))
            .map(String::trim).map(Integer::parseInt).toList();
    /** The remote store's shaping (see {@link RemoteStoreShaper}); bench.remote=false leaves that series out. */
    static final boolean REMOTE = Boolean.parseBoolean(System.getProperty("bench.remote", "true"));
    static final RemoteStoreShaper.Profile REMOTE_PROFILE = new RemoteStoreShaper.Profile(
            Duration.ofMillis(Long.getLong("bench.remote.latencyMs", 20)),
            (long) (Double.parseDouble(System.getProperty("bench.remote.mbPerSecond", "24")) * 1e6),
            Integer.getInteger("bench.remote.setupRoundTrips", 2));
    /** Only the writer series (no 256/32 MiB and parquet runs): for quicker A/B runs. */
    static final boolean SCALING_ONLY = Boolean.getBoolean("bench.scalingOnly");
    private static final String WORKFLOW = "bench_export";
    private static final String BUCKET = "bench-exports";
    private static final long MIB = 1024 * 1024;

    /** One end-to-end export: wall time from the request to {@code completed}, what it wrote, the writers' heap. */
    record Run(String name, String format, Store store, int writers, long shardSizeBytes, double seconds, long rows,
               int shards, long shardBytes, long peakHeapBytes, double cpuBusy, double writersCpuSeconds,
               List<Long> tasksPerWriter, long connections) {}

    /** Where an export's destination bucket is reached: the store's own endpoint, or through a shaper in front of it. */
    record Store(String label, String endpoint, RemoteStoreShaper shaper) {
        boolean remote() {
            return shaper != null && shaper.profile().shapes();
        }
    }

    /** One timed shell pipeline. */
    record Limit(String name, double seconds, String note) {}

    @Test
    void exportsAgainstTheMachinesLimits(RunningPlatform.Handle platform) throws Exception {
        Api operator = new Api(platform.gatewayUrl(), platform.operatorKey());
        var workspace = operator.post("/v1/workspaces", map("name", "bench-export"));
        assertEquals(201, workspace.status(), workspace.toString());
        Api api = operator.as(workspace.body().path("admin_key").asText());
        platform.s3().createBucket(b -> b.bucket(BUCKET));
        Path work = Files.createTempDirectory(Path.of("target"), "export-bench-").toAbsolutePath();
        Path frames = Files.createDirectories(work.resolve("frames"));

        long frameBytes = record(api, frames);
        System.out.printf("recorded %d frames, %.1f MB, in %d sessions%n", FRAMES, frameBytes / 1e6, SESSIONS);

        Limit tar = best(3, () -> shell("tar cf - <frames> | sha256sum", work, "tar cf - -C frames . | sha256sum > /dev/null"));
        String byHandSource = byHandSource(platform, frames);
        Limit byHand = byHand(platform, byHandSource, work, platform.s3Endpoint(),
                "by hand: aws s3 cp --recursive, tar | sha256sum, aws s3 cp -");

        List<Run> runs = new ArrayList<>();
        List<ServiceProcess> extra = new ArrayList<>();
        Store onBox = new Store("on-box store", platform.s3Endpoint(), null);
        try (RemoteStoreShaper shaped = new RemoteStoreShaper(platform.s3Endpoint(), REMOTE_PROFILE);
             RemoteStoreShaper passThrough = new RemoteStoreShaper(platform.s3Endpoint(), RemoteStoreShaper.Profile.none())) {
            Store remote = new Store("remote (shaped)", shaped.endpoint(), shaped);
            // the export path to a store other than the installation's (bytes PUT, not copied inside the store), unshaped
            Store otherStore = new Store("pass-through", passThrough.endpoint(), passThrough);
            Limit byHandRemote = REMOTE ? byHand(platform, byHandSource, work, shaped.endpoint(),
                    "by hand, upload to the remote store: aws s3 cp --recursive, tar | sha256sum, aws s3 cp - (through the shaper)")
                    : null;
            String calibration = REMOTE ? calibrate(platform, shaped) : "";
            // untimed: the first export of a fresh platform pays for JIT compilation and cold caches
            export(api, platform, extra, "warm-up (not reported)", "webdataset", 32 * MIB, onBox);
            if (!SCALING_ONLY) {
                runs.add(export(api, platform, extra, "webdataset, 256 MiB shards", "webdataset", 256 * MIB, onBox));
                runs.add(export(api, platform, extra, "webdataset, 32 MiB shards", "webdataset", 32 * MIB, onBox));
                runs.add(export(api, platform, extra, "parquet, 256 MiB shards", "parquet", 256 * MIB, onBox));
            }
            long seedShard = Math.max(1, (long) Math.ceil(frameBytes * 1.0 / SEED_SHARDS));
            for (int writers : WRITERS) {
                while (1 + extra.size() < writers) {
                    extra.add(startWriter(platform));
                }
                awaitGroup(platform, writers);
                if (writers > 1) {
                    // untimed: a writer JVM started just now is cold (JIT, first clients); the first one was warmed above
                    export(api, platform, extra, "warm-up " + writers + " writers (not reported)", "webdataset", seedShard, onBox);
                }
                runs.add(export(api, platform, extra, "seed 001 scaled 1/" + SCALE + ", " + writers + " writer(s)",
                        "webdataset", seedShard, onBox));
                if (REMOTE) {
                    // untimed: the PUT path (images read and PUT rather than copied inside the store) warmed, unshaped
                    export(api, platform, extra, "warm-up " + writers + " writers, PUT path (not reported)", "webdataset",
                            seedShard, otherStore);
                    runs.add(export(api, platform, extra, "seed 001 scaled 1/" + SCALE + ", " + writers
                            + " writer(s), remote store", "webdataset", seedShard, remote));
                }
            }
            report(frameBytes, tar, byHand, byHandRemote, calibration, runs);
        } finally {
            extra.forEach(ServiceProcess::close);
        }
    }

    // ---------- the dataset ----------

    /** SESSIONS sealed sessions of FRAMES frames in all, one click per frame; each frame's file also in {@code dir}. */
    private static long record(Api api, Path dir) throws IOException {
        long bytes = 0;
        int perSession = (FRAMES + SESSIONS - 1) / SESSIONS;
        List<String> sessions = new ArrayList<>();
        for (int s = 0, frame = 0; s < SESSIONS && frame < FRAMES; s++) {
            String session = ExportShards.startedSession(api, WORKFLOW);
            int end = Math.min(FRAMES, frame + perSession);
            for (int batch = frame; batch < end; batch += 50) {
                List<Object> metadata = new ArrayList<>();
                Map<String, byte[]> images = new LinkedHashMap<>();
                List<Object> events = new ArrayList<>();
                for (int i = batch; i < Math.min(end, batch + 50); i++) {
                    byte[] image = TestWebp.sized(1440, 900, FRAME_BYTES, i);
                    Files.write(dir.resolve("frame-%06d.webp".formatted(i)), image);
                    bytes += image.length;
                    long t = (i - frame) * 200L;
                    metadata.add(map("t_ms", t, "image", "f" + i, "viewport", map("w", 1440, "h", 900, "scale", 1),
                            "dom", map("tag", "html", "children", List.of(map("tag", "button", "text", "Approve " + i))),
                            "accessibility_tree", map("role", "WebArea", "name", "Invoice " + i)));
                    images.put("f" + i, image);
                    events.add(map("type", "click", "t_ms", t, "payload", map("x", 612, "y", 388,
                            "target", map("role", "button", "name", "Approve"))));
                }
                var uploaded = api.uploadFrames(session, map("frames", metadata), images);
                assertEquals(201, uploaded.status(), uploaded.toString());
                var emitted = retryOn429(() -> api.post("/v1/sessions/" + session + "/events", map("events", events)));
                assertEquals(201, emitted.status(), emitted.toString());
            }
            ExportShards.command(api, session, "stop", "stopped", "sealed");
            sessions.add(session);
            frame = end;
        }
        for (String session : sessions) {
            ExportShards.awaitSession(api, session, Duration.ofMinutes(5));
        }
        return bytes;
    }

    private static Api.Answer retryOn429(java.util.function.Supplier<Api.Answer> call) {
        while (true) {
            Api.Answer answer = call.get();
            if (answer.status() != 429) {
                return answer;
            }
            try {
                Thread.sleep(1000L * Long.parseLong(answer.header("Retry-After")));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answer;
            }
        }
    }

    // ---------- exports ----------

    private static Run export(Api api, RunningPlatform.Handle platform, List<ServiceProcess> extra, String name,
                              String format, long shardSizeBytes, Store store) throws Exception {
        String prefix = "bench/" + Long.toString(System.nanoTime(), 36) + "/";
        List<ServiceProcess> writers = new ArrayList<>();
        writers.add(platform.platform().service(NusomiService.SHARD_WRITER));
        writers.addAll(extra);
        HeapSampler heap = new HeapSampler(writers);
        Thread sampler = Thread.ofPlatform().daemon().start(heap);
        List<Long> tasksBefore = writers.stream().map(ExportBench::shardsWritten).toList();
        long connectionsBefore = store.shaper() == null ? 0 : store.shaper().connections();
        long[] cpuBefore = CpuTicks.read();
        double writersCpuBefore = cpuSeconds(writers);
        long start = System.nanoTime();
        var created = api.post("/v1/exports", map("workflow", WORKFLOW, "format", format, "shard_size_bytes", shardSizeBytes,
                "destination", map("kind", "s3", "bucket", BUCKET, "prefix", prefix, "region", "us-east-1",
                        "endpoint", store.endpoint())));
        assertEquals(202, created.status(), created.toString());
        JsonNode done = ExportShards.await(() -> api.get("/v1/exports/" + created.body().path("id").asText()).body(),
                e -> List.of("completed", "failed").contains(e.path("status").asText()), name, Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuBusy = CpuTicks.busy(cpuBefore, CpuTicks.read());
        double writersCpu = cpuSeconds(writers) - writersCpuBefore;
        heap.stop.set(true);
        sampler.join();
        long connections = store.shaper() == null ? -1 : store.shaper().connections() - connectionsBefore;
        List<Long> tasks = new ArrayList<>();
        for (int i = 0; i < writers.size(); i++) {
            tasks.add(shardsWritten(writers.get(i)) - tasksBefore.get(i));
        }
        assertEquals("completed", done.path("status").asText(), done.toString());
        assertEquals(FRAMES, done.path("rows").asInt(), done.toString());
        JsonNode manifest = Api.JSON.readTree(platform.s3().getObjectAsBytes(b -> b.bucket(BUCKET).key(prefix + "manifest.json")).asByteArray());
        long shardBytes = 0;
        for (JsonNode file : manifest.path("files")) {
            shardBytes += file.path("size_bytes").asLong();
        }
        Run run = new Run(name, format, store, writers.size(), shardSizeBytes, seconds, done.path("rows").asLong(),
                done.path("shards").asInt(), shardBytes, heap.peak.get(), cpuBusy, writersCpu, tasks, connections);
        System.out.println(run);
        return run;
    }

    /** CPU time the writer JVMs have used (user + system, all threads); NaN where the OS does not say. */
    private static double cpuSeconds(List<ServiceProcess> writers) {
        double seconds = 0;
        for (ServiceProcess writer : writers) {
            var cpu = ProcessHandle.of(writer.pid()).flatMap(p -> p.info().totalCpuDuration());
            if (cpu.isEmpty()) {
                return Double.NaN;
            }
            seconds += cpu.get().toNanos() / 1e9;
        }
        return seconds;
    }

    /** Shards a writer has written since it started ({@code nusomi_shard_writer_shards_total{outcome="ok"}}). */
    private static long shardsWritten(ServiceProcess writer) {
        for (String line : new String(Api.fetch(writer.url() + "/q/metrics"), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("nusomi_shard_writer_shards_total{") && line.contains("outcome=\"ok\"")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /**
     * What the shaper does to one client, measured: a small request's round trip (median of 9 on one kept-alive
     * connection, against the same request straight to the store) and one 32 MB PUT on one connection.
     */
    private static String calibrate(RunningPlatform.Handle platform, RemoteStoreShaper shaper) {
        try (S3Client direct = client(platform, platform.s3Endpoint()); S3Client shaped = client(platform, shaper.endpoint())) {
            double directMs = medianHeadMillis(direct), shapedMs = medianHeadMillis(shaped);
            byte[] body = new byte[32_000_000];
            new Random(7).nextBytes(body);
            long start = System.nanoTime();
            shaped.putObject(b -> b.bucket(BUCKET).key("bench-calibration/one-stream"), RequestBody.fromBytes(body));
            double mbps = body.length / 1e6 / ((System.nanoTime() - start) / 1e9);
            String text = String.format("a small request (HeadBucket) takes %.1f ms through the shaper against %.1f ms "
                    + "straight to the store (median of 9 on one kept-alive connection); one 32 MB PUT on one connection "
                    + "%.1f MB/s", shapedMs, directMs, mbps);
            System.out.println("calibration: " + text);
            return text;
        }
    }

    private static double medianHeadMillis(S3Client client) {
        client.headBucket(b -> b.bucket(BUCKET)); // opens the connection
        double[] ms = new double[9];
        for (int i = 0; i < ms.length; i++) {
            long start = System.nanoTime();
            client.headBucket(b -> b.bucket(BUCKET));
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    private static S3Client client(RunningPlatform.Handle platform, String endpoint) {
        return S3Client.builder().endpointOverride(URI.create(endpoint))
                .region(Region.of(platform.infra().s3Region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(platform.infra().s3AccessKey(),
                                platform.infra().s3SecretKey())))
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * The machine's CPU ticks from {@code /proc/stat} (all cores: busy, total): how much of the machine an export kept
     * busy, everything on it counted (the services, the store, Kafka, PostgreSQL and whatever else runs). More writers
     * can only add throughput where one leaves CPU idle. NaN where there is no /proc/stat.
     */
    static final class CpuTicks {
        static long[] read() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < Math.min(f.length, 9); i++) {
                    total += Long.parseLong(f[i]);
                }
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                return new long[] {total - idle, total};
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        static double busy(long[] before, long[] after) {
            if (before == null || after == null || after[1] == before[1]) {
                return Double.NaN;
            }
            return 100.0 * (after[0] - before[0]) / (after[1] - before[1]);
        }
    }

    /** Samples each writer's heap in use ({@code jvm_memory_used_bytes{area="heap"}} summed over pools) every 100 ms. */
    static final class HeapSampler implements Runnable {
        final List<ServiceProcess> writers;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong peak = new AtomicLong();

        HeapSampler(List<ServiceProcess> writers) {
            this.writers = writers;
        }

        @Override
        public void run() {
            while (!stop.get()) {
                for (ServiceProcess writer : writers) {
                    try {
                        long used = 0;
                        for (String line : new String(Api.fetch(writer.url() + "/q/metrics"), StandardCharsets.UTF_8).split("\n")) {
                            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                                used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                            }
                        }
                        peak.accumulateAndGet(used, Math::max);
                    } catch (RuntimeException e) {
                        // a sample missed under load is a sample missed
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Another shard writer from the same fast-jar and settings as the platform's, in the same consumer group. */
    private static ServiceProcess startWriter(RunningPlatform.Handle platform) throws Exception {
        int port = Ports.free();
        Map<String, String> properties = new HashMap<>(platform.infra().asQuarkusConfig());
        Path data = Files.createTempDirectory("nusomi-bench-writer-");
        properties.put("nusomi.data-dir", data.toString());
        ServiceProcess writer = ServiceProcess.start(Repo.root(), "shard-writer", port, Platform.jvmOptions(NusomiService.SHARD_WRITER),
                properties, Map.of("NUSOMI_DATA_DIR", data.toString()),
                Path.of("target", "service-logs", "bench-writer-" + port).toAbsolutePath());
        writer.awaitReady(Duration.ofMinutes(3));
        return writer;
    }

    /** Waits until the writers' consumer group has {@code members} members sharing every task partition. */
    private static void awaitGroup(RunningPlatform.Handle platform, int members) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.infra().kafkaBootstrap()))) {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (Instant.now().isBefore(deadline)) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("shard-writer")).describedGroups()
                        .get("shard-writer").get();
                long assigned = group.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
                int partitions = group.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum();
                if (group.members().size() == members && assigned == members
                        && partitions >= com.nusomi.contracts.Topic.EXPORT_SHARD_TASKS.partitions()) {
                    return;
                }
                Thread.sleep(500);
            }
            throw new AssertionError("the shard-writer group never settled on " + members + " members");
        }
    }

    // ---------- limits ----------

    /** The frames as the by-hand pipeline finds them: objects in the store (its prefix); null without awscli. */
    private static String byHandSource(RunningPlatform.Handle platform, Path frames) throws Exception {
        if (!shell("aws --version", frames, "aws --version > /dev/null 2>&1").note().isEmpty()) {
            System.out.println("awscli is not installed here: the by-hand pipeline is skipped");
            return null;
        }
        String source = "bench-by-hand/" + Long.toString(System.nanoTime(), 36) + "/";
        try (Stream<Path> files = Files.list(frames)) {
            for (Path f : files.sorted().toList()) {
                platform.s3().putObject(b -> b.bucket(BUCKET).key(source + "frames/" + f.getFileName()), RequestBody.fromFile(f));
            }
        }
        return source;
    }

    /**
     * The same frames moved by hand: aws s3 cp out of the store, tar | sha256sum, aws s3 cp - back to {@code uploadEndpoint}
     * (the store itself, or the shaper in front of it: a remote bucket).
     */
    private static Limit byHand(RunningPlatform.Handle platform, String source, Path work, String uploadEndpoint, String name)
            throws Exception {
        if (source == null) {
            return new Limit(name, Double.NaN, "skipped: awscli is not installed on this machine");
        }
        Path config = work.resolve("aws-config");
        Files.writeString(config, "[default]\nregion = " + platform.infra().s3Region() + "\ns3 =\n  addressing_style = path\n");
        String env = "export AWS_CONFIG_FILE='" + config + "' AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_ACCESS_KEY_ID='"
                + platform.infra().s3AccessKey() + "' AWS_SECRET_ACCESS_KEY='" + platform.infra().s3SecretKey()
                + "' AWS_PAGER='' AWS_REQUEST_CHECKSUM_CALCULATION=when_required AWS_RESPONSE_CHECKSUM_VALIDATION=when_required; ";
        String command = env + "rm -rf by-hand && mkdir by-hand && aws s3 cp --recursive --quiet s3://" + BUCKET + "/" + source
                + "frames/ by-hand/ --endpoint-url " + platform.s3Endpoint() + " && tar cf - -C by-hand . | tee >(sha256sum > by-hand.sha256) | aws s3 cp - s3://"
                + BUCKET + "/" + source + "frames-" + Long.toString(System.nanoTime(), 36) + ".tar --endpoint-url " + uploadEndpoint;
        Limit moved = best(1, () -> shell(name, work, command));
        return moved.note().isEmpty() ? moved : new Limit(moved.name(), Double.NaN, "failed, " + moved.note());
    }

    interface Timed {
        Limit run() throws Exception;
    }

    private static Limit best(int times, Timed timed) throws Exception {
        Limit best = null;
        for (int i = 0; i < times; i++) {
            Limit l = timed.run();
            if (best == null || l.seconds() < best.seconds()) {
                best = l;
            }
        }
        System.out.println(best);
        return best;
    }

    /** Runs {@code command} under bash in {@code dir}; the note is empty when it succeeded, else what went wrong. */
    private static Limit shell(String name, Path dir, String command) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder("bash", "-c", "set -o pipefail; " + command).directory(dir.toFile())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Limit(name, seconds, exit == 0 ? "" : "exit " + exit + ": " + output.strip());
    }

    // ---------- report ----------

    private static void report(long frameBytes, Limit tar, Limit byHand, Limit byHandRemote, String calibration,
                               List<Run> runs) throws IOException {
        var text = new StringBuilder();
        double mb = frameBytes / 1e6;
        List<Limit> limits = new ArrayList<>(List.of(tar, byHand));
        if (byHandRemote != null) {
            limits.add(byHandRemote);
        }
        text.append(SECTION).append("\n\n")
                .append("Issue 7 item 8: exports end to end (the request to `POST /v1/exports` until `GET` says `completed`, ")
                .append("manifest written: planner, shard writer(s), manifest-service, all seven services as child JVMs on the ")
                .append("embedded stack) against limits measured in the same run over the same frame files.\n\n")
                .append("- date: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n')
                .append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, load average ")
                .append(String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append(" at the end, ").append(ManagementFactory.getOperatingSystemMXBean().getName()).append(' ')
                .append(System.getProperty("os.arch")).append(", Java ").append(System.getProperty("java.version"))
                .append("; shard writers run with `").append(String.join(" ", Platform.jvmOptions(NusomiService.SHARD_WRITER)))
                .append("`, the other services with `").append(String.join(" ", Platform.SERVICE_JVM_OPTIONS)).append("`\n")
                .append("- command: `bench/export.sh` (system-tests `ExportBench`; ").append(FRAMES).append(" frames of ")
                .append(FRAME_BYTES / 1024).append(" KiB (WebP files whose XMP chunk is random bytes: incompressible, like ")
                .append("screenshots), ").append(String.format("%.1f MB", mb)).append(" in ").append(SESSIONS)
                .append(" sealed sessions, one click per frame, `event_only`: one row per frame, as in seed 001)\n");
        if (byHandRemote != null) {
            text.append("- remote store: the destination `endpoint` is a shaper (system-tests `RemoteStoreShaper`, a TCP proxy ")
                    .append("in the benchmark's JVM) in front of the same on-box store: ").append(REMOTE_PROFILE.describe())
                    .append(". Measured in this run: ").append(calibration).append('\n');
        }
        text.append("\nLimits, same frame files:\n\n| pipeline | s | MB/s |\n|---|---|---|\n");
        for (Limit l : limits) {
            text.append(String.format("| %s | %s | %s |%n", l.name().replace("|", "\\|"), Double.isNaN(l.seconds()) ? "—" : String.format("%.2f", l.seconds()),
                    Double.isNaN(l.seconds()) ? l.note() : String.format("%.0f", mb / l.seconds()) + (l.note().isEmpty() ? "" : " (" + l.note() + ")")));
        }
        text.append("\nExports (every one of the same ").append(FRAMES).append(" rows; shard MB = the shards' bytes, ")
                .append("besides which each export stores each frame image once under `frames/`; `× by hand` against the ")
                .append("by-hand pipeline to the same store):\n\n")
                .append("| export | destination | writers | shards | shards per writer | shard MB | s | rows/s | frames MB/s | × tar\\|sha256sum | × by hand | writer heap peak MB | writers' CPU (cores) | machine CPU busy | connections opened |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            Limit hand = r.store().remote() ? byHandRemote : byHand;
            text.append(String.format("| %s | %s | %d | %d | %s | %.1f | %.2f | %.0f | %.1f | %.3f | %s | %.0f | %.2f | %s | %s |%n", r.name(),
                    r.store().label(), r.writers(), r.shards(),
                    String.join(" / ", r.tasksPerWriter().stream().map(String::valueOf).toList()), r.shardBytes() / 1e6,
                    r.seconds(), r.rows() / r.seconds(), mb / r.seconds(), tar.seconds() / r.seconds(),
                    Double.isNaN(hand.seconds()) ? "—" : String.format("%.2f", hand.seconds() / r.seconds()),
                    r.peakHeapBytes() / 1e6, r.writersCpuSeconds() / r.seconds(), Double.isNaN(r.cpuBusy()) ? "—" : String.format("%.0f %%", r.cpuBusy()),
                    r.connections() < 0 ? "—" : String.valueOf(r.connections())));
        }
        text.append(String.format("%n| ratio | measured | target |%n|---|---|---|%n"));
        if (!SCALING_ONLY) {
            Run wds = runs.get(0), wds32 = runs.get(1), parquet = runs.get(2);
            if (!Double.isNaN(byHand.seconds())) {
                text.append(String.format("| webdataset end to end vs by hand (time by hand / time of the export) | %.2f | ≥ 1 |%n",
                        byHand.seconds() / wds.seconds()));
            }
            text.append(String.format("| webdataset end to end vs local tar \\| sha256sum | %.3f | (limit) |%n", tar.seconds() / wds.seconds()))
                    .append(String.format("| parquet end to end vs local tar \\| sha256sum | %.3f | (limit) |%n", tar.seconds() / parquet.seconds()))
                    .append(String.format("| writer heap peak, 256 MiB / 32 MiB shards | %.2f | flat (≈ 1) |%n",
                            wds.peakHeapBytes() * 1.0 / Math.max(1, wds32.peakHeapBytes())));
        }
        for (boolean remote : List.of(false, true)) {
            List<Run> scaled = runs.stream().filter(r -> r.name().startsWith("seed 001") && r.store().remote() == remote).toList();
            if (scaled.isEmpty()) {
                continue;
            }
            Run one = scaled.getFirst();
            String where = remote ? "remote store" : "on-box store";
            for (Run r : scaled.subList(1, scaled.size())) {
                text.append(String.format("| seed 001 scaled, %s: %d writers / %d (rows/s; machine CPU busy %s → %s) | %.2f | grows with writers |%n",
                        where, r.writers(), one.writers(), percent(one.cpuBusy()), percent(r.cpuBusy()), one.seconds() / r.seconds()));
            }
            Limit hand = remote ? byHandRemote : byHand;
            Run best = scaled.stream().min(Comparator.comparingDouble(Run::seconds)).orElseThrow();
            if (hand != null && !Double.isNaN(hand.seconds())) {
                text.append(String.format("| seed 001 scaled, %s, %d writer(s) vs by hand to the same store | %.2f | (limit) |%n",
                        where, best.writers(), hand.seconds() / best.seconds()));
            }
        }
        text.append("\nHow to read it: `× tar|sha256sum` and `× by hand` are the limit's time over the export's time for ")
                .append("the same frames (1 = as fast as the limit). The end-to-end figure includes planning, Kafka hops, ")
                .append("the catalog reads, copying each image into the destination's `frames/` and writing the shards ")
                .append("(webdataset: the images a second time, inside the tars) and the manifest; the tar limit only ")
                .append("reads and hashes local files once. Heap is sampled from the writers' `/q/metrics` ")
                .append("(`jvm_memory_used_bytes`, heap pools summed) every 100 ms, maximum over the export; the services ")
                .append("run with a 192 MiB heap, so a shard held in memory could not fit. An untimed webdataset export runs ")
                .append("first (JIT compilation, cold caches), and again after writers are added (a new writer JVM starts cold); ")
                .append("before each remote run an untimed export goes through an unshaped pass-through proxy (the path of a ")
                .append("store other than the installation's: images read and PUT instead of copied inside the store). ")
                .append("Machine CPU busy is the share of all cores' time not idle during the export (`/proc/stat`), ")
                .append("whatever ran: where one writer already keeps the machine busy, more writers cannot add throughput. ")
                .append("Writers' CPU: the writer JVMs' CPU time over the export's wall time (1.00 = one core busy all along); ")
                .append("a writer far below one core is waiting (on the store, the catalog or the network), not computing. ")
                .append("Shards per writer: each writer's `nusomi_shard_writer_shards_total{outcome=\"ok\"}` over the export ")
                .append("(how evenly the tasks spread). Connections opened: TCP connections the shaper accepted during the ")
                .append("export (writers and manifest-service). The format-and-hash stage alone ")
                .append("and Parquet vs DuckDB are in \"Exports: format stage (issue 7)\".\n");
        Path out = Path.of(System.getProperty("nusomi.root", ".."), "docs", "benchmarks.md");
        String doc = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "# Benchmarks\n\n";
        Files.writeString(out, WritePathBench.withSection(doc, SECTION, text.toString()), StandardCharsets.UTF_8);
        System.out.println(text);
    }

    private static String percent(double busy) {
        return Double.isNaN(busy) ? "—" : String.format("%.0f %%", busy);
    }
}
