package com.nusomi.shardwriter.service;

import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.ShardTask;
import com.nusomi.kit.destination.Destination;
import com.nusomi.kit.destination.Destinations;
import com.nusomi.kit.destination.ObjectUpload;
import com.nusomi.kit.objectstore.ObjectStoreConfig;
import com.nusomi.shardwriter.config.ShardWriterConfig;
import com.nusomi.shardwriter.destination.ShardImages;
import com.nusomi.shardwriter.format.ShardFormat;
import com.nusomi.shardwriter.format.ShardFormats;
import com.nusomi.shardwriter.format.ShardRow;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes one shard: renders the task's rows in its format and streams them to the destination while hashing them
 * (SHA-256 of exactly the bytes uploaded), storing each row's frame image in the destination once. Blocking: run it
 * on a worker thread. The same task always yields the same bytes under the same key, and the object only appears,
 * whole, when the upload completes, so a re-run replaces rather than appends.
 */
@ApplicationScoped
public class ShardBuilder {
    private static final Logger LOG = Logger.getLogger(ShardBuilder.class);
    private final TaskRows taskRows;
    private final Destinations destinations;
    private final ShardFormats formats;
    private final S3Client installationStore;
    private final String installationBucket;
    private final ExecutorService readPool;
    private final ExecutorService copyPool;
    private final int window;

    ShardBuilder(TaskRows taskRows, Destinations destinations, ShardFormats formats, S3Client installationStore,
                 ObjectStoreConfig store, ShardWriterConfig config) {
        this.taskRows = taskRows;
        this.destinations = destinations;
        this.formats = formats;
        this.installationStore = installationStore;
        this.installationBucket = store.bucket();
        int reads = Math.max(1, config.imageReadConcurrency());
        this.readPool = Executors.newFixedThreadPool(reads, Thread.ofPlatform().daemon().name("shard-image-reads-", 0).factory());
        this.copyPool = Executors.newFixedThreadPool(Math.max(1, config.imageCopyConcurrency()),
                Thread.ofPlatform().daemon().name("shard-image-copies-", 0).factory());
        this.window = 2 * reads; // rows ahead: a queued read for every reader while the writer formats
    }

    /**
     * @throws ShardFailedException when the shard cannot be written and retrying will not help
     * @throws com.nusomi.kit.destination.DestinationException when the destination fails (retryable or not)
     */
    public WrittenShard write(ShardTask task) {
        ShardFormat format = formats.forFormat(task.getFormat())
                .orElseThrow(() -> new ShardFailedException("format " + task.getFormat() + " is not supported"));
        String name = checkedObjectName(task.getObjectName());
        Destination destination = destinations.of(task.getDestination(), task.getWorkspaceId(), task.getExportId(),
                SigningClock.of(task.getExportId()));
        ShardImages images = new ShardImages(installationStore, installationBucket, destination, readPool, copyPool,
                format.format() == ExportFormat.webdataset);
        MessageDigest sha256 = sha256();
        Counts counts = new Counts();
        Phases phases = new Phases();
        try (ObjectUpload upload = destination.upload(name, format.contentType())) {
            try (ShardFormat.RowSink sink = format.open(new DigestOutputStream(upload, sha256), images)) {
                Iterator<ShardRow> rows = images.prefetching(taskRows.rows(task, images::url), window);
                while (phases.waiting(rows::hasNext)) {
                    ShardRow row = phases.waiting(rows::next);
                    phases.writing(() -> sink.write(row));
                    counts.add(row);
                }
                images.finish();
            }
            upload.complete();
            long bytes = images.bytesAwaitedNanos();
            long copies = images.copiesAwaitedNanos();
            LOG.infof("shard %d timings: rows awaited %d ms, image bytes awaited %d ms, image copies awaited %d ms "
                    + "with the rows and %d ms after the last row, formatted+hashed+handed to the upload %d ms, "
                    + "completed %d ms after the last row", task.getShardIndex(),
                    Math.max(0, phases.waitNanos - copies) / 1_000_000, bytes / 1_000_000, copies / 1_000_000,
                    images.finishNanos() / 1_000_000, Math.max(0, phases.writeNanos - bytes) / 1_000_000,
                    phases.sinceLast() / 1_000_000);
            return new WrittenShard(destination.bucket(), destination.key(name), upload.size(), counts.rows,
                    counts.frames, counts.actions, HexFormat.of().formatHex(sha256.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Object names are relative to the export's location: no absolute paths, no escaping it. */
    private static String checkedObjectName(String name) {
        if (name == null || name.isBlank() || name.startsWith("/") || name.contains("..") || name.contains("\\")) {
            throw new ShardFailedException("invalid shard object name '" + name + "'");
        }
        return name;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @PreDestroy
    void close() {
        readPool.shutdownNow();
        copyPool.shutdownNow();
    }

    /** Where one shard's time goes (issue 7 item 8): waiting for rows and their images vs writing them. */
    private static final class Phases {
        long waitNanos;
        long writeNanos;
        long last = System.nanoTime();

        <T> T waiting(Supplier<T> step) {
            long start = System.nanoTime();
            T value = step.get();
            last = System.nanoTime();
            waitNanos += last - start;
            return value;
        }

        void writing(Write step) throws IOException {
            long start = System.nanoTime();
            step.run();
            last = System.nanoTime();
            writeNanos += last - start;
        }

        long sinceLast() {
            return System.nanoTime() - last;
        }

        interface Write {
            void run() throws IOException;
        }
    }

    /** Rows, distinct frames (two events on one frame share it, as the planner counts) and actions of a shard. */
    private static final class Counts {
        final Set<String> frameIds = new HashSet<>();
        long rows;
        long frames;
        long actions;

        void add(ShardRow row) {
            rows++;
            if (row.hasFrame() && frameIds.add(row.frame().identity())) {
                frames++;
            }
            if (row.hasAction()) {
                actions++;
            }
        }
    }
}
