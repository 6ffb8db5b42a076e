package com.nusomi.shardwriter.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.shardwriter.config.ShardWriterConfig;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The format-and-hash stage of the shard writer alone (issue 7 item 8), NOT part of CI (the name matches no surefire
 * include; run it with {@code -Dtest=FormatStageBench}, as {@code bench/export.sh} does):
 * <ul>
 *   <li>WebDataset: the real {@link WebDatasetShardFormat} reading frame files from local disk and hashing the tar it
 *       writes (SHA-256, as the writer does), vs {@code tar cf - <frames> | sha256sum} over the same files;</li>
 *   <li>Parquet: the real {@link ParquetShardFormat} writing seed 001's 184,312 rows (scaled by {@code bench.scale})
 *       to a local file while hashing, vs DuckDB {@code COPY … TO 'x.parquet'} (zstd) of the same rows.</li>
 * </ul>
 * Rewrites the "Exports: format stage (issue 7)" section of docs/benchmarks.md.
 */
class FormatStageBench {
    static final String SECTION = "## Exports: format stage (issue 7)";
    static final int SCALE = Integer.getInteger("bench.scale", 100);
    static final int FRAMES = Integer.getInteger("bench.frames", 184_312 / SCALE);
    static final int FRAME_BYTES = Integer.getInteger("bench.frameBytes", 56 * 1024);
    static final int PARQUET_ROWS = Integer.getInteger("bench.parquetRows", 184_312);
    /** As the writer's defaults: {@code image-copy-concurrency} 16 requests (8 of them reads), a window of 32 rows. */
    static final int READERS = Integer.getInteger("bench.readers", 8);
    static final int WINDOW = 4 * READERS;

    /** Wall time and CPU time (this thread's, or the pipeline's processes' user + system) of one stage. */
    record Timing(String name, double seconds, double cpuSeconds, long bytes) {}

    @Test
    void formatAndHashAgainstTarAndDuckDb() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "format-stage-").toAbsolutePath();
        Path frames = Files.createDirectories(work.resolve("frames"));
        long frameBytes = 0;
        for (int i = 0; i < FRAMES; i++) {
            byte[] image = new byte[FRAME_BYTES];
            new SplittableRandom(i).nextBytes(image);
            Files.write(frames.resolve("frame-%06d.webp".formatted(i)), image);
            frameBytes += image.length;
        }

        Timing tar = best(3, () -> shell("tar cf - <frames> | sha256sum", work, "tar cf - -C frames . | sha256sum > /dev/null", frames));
        Timing webdataset = best(3, () -> webdataset(frames));
        Timing ours = best(2, () -> parquet(work.resolve("ours.parquet")));
        Timing duckdb = best(2, () -> duckdbCopy(work.resolve("ours.parquet"), work.resolve("duckdb.parquet")));
        report(frameBytes, tar, webdataset, ours, duckdb);
    }

    /**
     * One row per frame file, each embedding the file read from disk, through the writer's format and SHA-256. The
     * images are read ahead of the rows on a small pool, a bounded window of them in memory, as the writer's
     * {@code ShardImages} does (there from the object store): reading overlaps formatting and hashing, the one pass.
     */
    private static Timing webdataset(Path frames) throws Exception {
        var counting = new CountingOutputStream();
        MessageDigest sha256 = sha256();
        List<Thread> readerThreads = new CopyOnWriteArrayList<>();
        ExecutorService readers = Executors.newFixedThreadPool(READERS, task -> {
            Thread t = Thread.ofPlatform().daemon().unstarted(task);
            readerThreads.add(t);
            return t;
        });
        long start = System.nanoTime();
        long cpu = cpu();
        double seconds;
        long cpuNanos;
        try {
            Map<String, Future<byte[]>> ahead = new HashMap<>();
            int submitted = 0;
            try (var sink = new WebDatasetShardFormat().open(new DigestOutputStream(counting, sha256),
                    frame -> join(ahead.remove(frame.imageSha256())))) {
                for (int i = 0; i < FRAMES; i++) {
                    for (; submitted < FRAMES && submitted < i + WINDOW; submitted++) {
                        String name = "frame-%06d.webp".formatted(submitted);
                        ahead.put(name, readers.submit(() -> Files.readAllBytes(frames.resolve(name))));
                    }
                    sink.write(row(i, "frame-%06d.webp".formatted(i)));
                }
            }
            HexFormat.of().formatHex(sha256.digest());
            seconds = (System.nanoTime() - start) / 1e9;
            // CPU of the formatting thread and of the readers (threads created for this run only)
            cpuNanos = cpu() - cpu + readerThreads.stream()
                    .mapToLong(t -> Math.max(0, ManagementFactory.getThreadMXBean().getThreadCpuTime(t.threadId()))).sum();
        } finally {
            readers.shutdownNow();
        }
        return new Timing("WebDatasetShardFormat + SHA-256 (frames read from disk, " + READERS + " readers ahead)",
                seconds, cpuNanos / 1e9, counting.count);
    }

    private static byte[] join(Future<byte[]> image) throws IOException {
        try {
            return image.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    private static Timing parquet(Path file) throws IOException {
        ShardWriterConfig config = (ShardWriterConfig) Proxy.newProxyInstance(FormatStageBench.class.getClassLoader(),
                new Class<?>[] {ShardWriterConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "parquetRowGroupBytes" -> 32L * 1024 * 1024;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        MessageDigest sha256 = sha256();
        long start = System.nanoTime();
        long cpu = cpu();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             var sink = new ParquetShardFormat(config).open(new DigestOutputStream(out, sha256))) {
            for (int i = 0; i < PARQUET_ROWS; i++) {
                sink.write(row(i, "frame-%06d.webp".formatted(i)));
            }
        }
        HexFormat.of().formatHex(sha256.digest());
        return new Timing("ParquetShardFormat + SHA-256 to a local file", (System.nanoTime() - start) / 1e9,
                (cpu() - cpu) / 1e9, Files.size(file));
    }

    /** DuckDB holds the same rows (loaded from our file, not timed), then writes them as zstd Parquet (timed). */
    private static Timing duckdbCopy(Path ours, Path target) throws Exception {
        Files.deleteIfExists(target);
        try (var duck = DriverManager.getConnection("jdbc:duckdb:"); var statement = duck.createStatement()) {
            statement.execute("CREATE TABLE rows AS SELECT * FROM read_parquet('" + ours + "')");
            try (var count = statement.executeQuery("SELECT count(*) FROM rows")) {
                count.next();
                assertEquals(PARQUET_ROWS, count.getLong(1));
            }
            long start = System.nanoTime();
            statement.execute("COPY rows TO '" + target + "' (FORMAT parquet, COMPRESSION zstd)");
            return new Timing("DuckDB COPY … TO 'x.parquet' (zstd, " + threads(statement) + " threads)",
                    (System.nanoTime() - start) / 1e9, Double.NaN, Files.size(target));
        }
    }

    private static String threads(java.sql.Statement statement) throws Exception {
        try (var r = statement.executeQuery("SELECT current_setting('threads')")) {
            r.next();
            return r.getString(1);
        }
    }

    /** A seed-001-like row: a click on its frame, the previous click as prior action, a small DOM and AX tree. */
    private static ShardRow row(int i, String imageName) {
        ObjectNode viewport = JsonNodeFactory.instance.objectNode().put("w", 1440).put("h", 900).put("scale", 1);
        ObjectNode dom = JsonNodeFactory.instance.objectNode().put("tag", "html");
        dom.putArray("children").addObject().put("tag", "button").put("text", "Approve invoice " + i)
                .put("bounds", "[" + (i % 1440) + "," + (i % 900) + ",120,32]");
        ObjectNode ax = JsonNodeFactory.instance.objectNode().put("role", "WebArea").put("name", "Invoice " + i);
        ObjectNode click = JsonNodeFactory.instance.objectNode().put("x", 612 + i % 7).put("y", 388 + i % 5);
        click.putObject("target").put("role", "button").put("name", "Approve");
        ObjectNode prior = JsonNodeFactory.instance.objectNode().put("field", "amount").put("value", "[masked]");
        return new ShardRow("ses_01JBENCH" + "%016d".formatted(i / 230), i * 200L,
                new ShardRow.Frame("s3://bench/p/frames/" + imageName, imageName, viewport, dom, ax),
                new ShardRow.Action("click", click),
                new ShardRow.Context("process_invoice", new ShardRow.Action("input_text", prior), "success"));
    }

    interface Timed {
        Timing run() throws Exception;
    }

    private static Timing best(int times, Timed timed) throws Exception {
        Timing best = null;
        for (int i = 0; i < times; i++) {
            Timing t = timed.run();
            if (best == null || t.seconds() < best.seconds()) {
                best = t;
            }
        }
        System.out.println(best);
        return best;
    }

    private static Timing shell(String name, Path dir, String command, Path frames) throws Exception {
        long start = System.nanoTime();
        // bash's `times`: the second line is the user and system time of the pipeline's processes
        Process p = new ProcessBuilder("bash", "-c", "set -o pipefail; " + command + " && times").directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String[] times = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(0, p.waitFor(), command);
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = 0;
        for (String part : times[times.length - 1].trim().split("\\s+")) { // e.g. "0m0.300s 0m0.020s"
            int m = part.indexOf('m');
            cpu += Integer.parseInt(part.substring(0, m)) * 60 + Double.parseDouble(part.substring(m + 1, part.length() - 1));
        }
        long bytes;
        try (var files = Files.list(frames)) {
            bytes = files.mapToLong(f -> f.toFile().length()).sum();
        }
        return new Timing(name, wall, cpu, bytes);
    }

    private static void report(long frameBytes, Timing tar, Timing webdataset, Timing ours, Timing duckdb) throws IOException {
        var text = new StringBuilder();
        text.append(SECTION).append("\n\n")
                .append("The shard writer's format-and-hash stage alone (one thread formats and hashes, a pool reads the ")
                .append("images ahead as the writer's does), with no object store, Kafka or ")
                .append("catalog: what the writer itself costs beside the copy, against the machine's limit measured in ")
                .append("the same run.\n\n")
                .append("- date: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n')
                .append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, load average ")
                .append(String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append(" at the end, Java ").append(System.getProperty("java.version")).append('\n')
                .append("- command: `bench/export.sh` (shard-writer `FormatStageBench`; ").append(FRAMES).append(" frame files of ")
                .append(FRAME_BYTES / 1024).append(" KiB of random bytes, ").append(String.format("%.1f MB", frameBytes / 1e6))
                .append("; ").append(PARQUET_ROWS).append(" seed-001-like rows for Parquet; best of 3 / best of 2)\n\n")
                .append("| stage | wall s | CPU s | MB out | MB/s (wall) |\n|---|---|---|---|---|\n");
        for (Timing t : new Timing[] {tar, webdataset, ours, duckdb}) {
            text.append(String.format("| %s | %.2f | %s | %.1f | %.0f |%n", t.name().replace("|", "\\|"), t.seconds(),
                    Double.isNaN(t.cpuSeconds()) ? "—" : String.format("%.2f", t.cpuSeconds()), t.bytes() / 1e6, t.bytes() / 1e6 / t.seconds()));
        }
        text.append(String.format("%n| ratio | measured | target |%n|---|---|---|%n"))
                .append(String.format("| WebDataset format + hash / tar \\| sha256sum (same frames, wall time ratio) | %.2f | ≥ 0.8 |%n",
                        tar.seconds() / webdataset.seconds()))
                .append(String.format("| WebDataset format + hash / tar \\| sha256sum (same frames, CPU time ratio) | %.2f | ≥ 0.8 |%n",
                        tar.cpuSeconds() / webdataset.cpuSeconds()))
                .append(String.format("| Parquet writing / DuckDB COPY (same %d rows, time ratio) | %.2f | (reference) |%n",
                        PARQUET_ROWS, duckdb.seconds() / ours.seconds()))
                .append(String.format("| Parquet rows/s: ours %.0f, DuckDB %.0f | | |%n", PARQUET_ROWS / ours.seconds(),
                        PARQUET_ROWS / duckdb.seconds()));
        Path out = Path.of(System.getProperty("nusomi.root", ".."), "docs", "benchmarks.md");
        String doc = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "# Benchmarks\n\n";
        Files.writeString(out, withSection(doc, text.toString()), StandardCharsets.UTF_8);
        System.out.println(text);
    }

    /** {@code doc} with this benchmark's section replaced (appended when absent); the other sections kept. */
    static String withSection(String doc, String section) {
        int start = doc.indexOf(SECTION);
        if (start < 0) {
            return doc.stripTrailing() + "\n\n" + section;
        }
        int next = doc.indexOf("\n## ", start + SECTION.length());
        return doc.substring(0, start) + section.stripTrailing() + "\n" + (next < 0 ? "" : doc.substring(next));
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class CountingOutputStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
