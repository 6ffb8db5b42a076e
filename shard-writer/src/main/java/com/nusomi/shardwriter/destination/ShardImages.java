package com.nusomi.shardwriter.destination;

import com.nusomi.kit.destination.Destination;
import com.nusomi.kit.destination.DestinationException;
import com.nusomi.kit.destination.ExportLocation;
import com.nusomi.shardwriter.format.ShardFormat;
import com.nusomi.shardwriter.format.ShardRow;
import com.nusomi.shardwriter.service.ShardFailedException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The frame images of one shard: each image is stored once in the destination ({@code frames/<sha256>.webp}) and, for
 * formats that embed images, read for the shard. Work runs ahead of the rows on a small pool (a window of rows), and
 * only images of rows in that window are held in memory.
 */
public final class ShardImages implements ShardFormat.FrameImageBytes {
    private static final Logger LOG = Logger.getLogger(ShardImages.class);
    private final S3Client installationStore;
    private final String installationBucket;
    private final Destination destination;
    private final Executor pool;
    private final boolean embedsImages;
    /** Where the catalog says each image is, learnt while rows are resolved; the content-addressed key otherwise. */
    private final Map<String, FrameImage> locations = new ConcurrentHashMap<>();
    private final Set<String> stored = new HashSet<>();
    private final Map<String, Prepared> inWindow = new HashMap<>();
    private final Map<String, Integer> rowsInWindow = new HashMap<>();
    private long bytesAwaitedNanos;
    private long copiesAwaitedNanos;

    public ShardImages(S3Client installationStore, String installationBucket, Destination destination, Executor pool,
                       boolean embedsImages) {
        this.installationStore = installationStore;
        this.installationBucket = installationBucket;
        this.destination = destination;
        this.pool = pool;
        this.embedsImages = embedsImages;
    }

    /** How a row names {@code image}: the destination's URL of its copy. */
    public String url(FrameImage image) {
        locations.putIfAbsent(image.sha256(), image);
        return destination.url(image.exportName());
    }

    /** The rows, with their images prepared up to {@code window} rows ahead; call {@link #finish()} after the last. */
    public Iterator<ShardRow> prefetching(Iterator<ShardRow> rows, int window) {
        return new Iterator<>() {
            private final Deque<ShardRow> ahead = new ArrayDeque<>();
            private ShardRow current;

            @Override
            public boolean hasNext() {
                fill();
                return !ahead.isEmpty();
            }

            @Override
            public ShardRow next() {
                fill();
                if (ahead.isEmpty()) {
                    throw new NoSuchElementException();
                }
                release(current);
                current = ahead.removeFirst();
                return current;
            }

            private void fill() {
                while (ahead.size() < window && rows.hasNext()) {
                    ShardRow row = rows.next();
                    acquire(row);
                    ahead.addLast(row);
                }
            }
        };
    }

    @Override
    public byte[] of(ShardRow.Frame frame) {
        long start = System.nanoTime();
        Prepared prepared = inWindow.get(frame.imageSha256());
        byte[] image = prepared == null ? null : join(prepared.bytes());
        image = image != null ? image : read(frame.imageSha256());
        bytesAwaitedNanos += System.nanoTime() - start;
        return image;
    }

    /** Time the shard's writer thread waited for image bytes while writing rows. */
    public long bytesAwaitedNanos() {
        return bytesAwaitedNanos;
    }

    /** Time the shard's writer thread waited, taking the next row, for the previous row's image work (its copy). */
    public long copiesAwaitedNanos() {
        return copiesAwaitedNanos;
    }

    /** Waits for every image still being stored; their failures fail the shard. */
    public void finish() {
        inWindow.values().forEach(Prepared::await);
        inWindow.clear();
        rowsInWindow.clear();
    }

    private void acquire(ShardRow row) {
        if (row.hasFrame()) {
            String sha = row.frame().imageSha256();
            rowsInWindow.merge(sha, 1, Integer::sum);
            inWindow.computeIfAbsent(sha, this::prepare);
        }
    }

    /** The row was written: its image's work must have succeeded; forget the bytes unless a later row needs them. */
    private void release(ShardRow row) {
        if (row == null || !row.hasFrame()) {
            return;
        }
        String sha = row.frame().imageSha256();
        long start = System.nanoTime();
        inWindow.get(sha).await();
        copiesAwaitedNanos += System.nanoTime() - start;
        if (rowsInWindow.merge(sha, -1, Integer::sum) == 0) {
            rowsInWindow.remove(sha);
            inWindow.remove(sha);
        }
    }

    /**
     * Starts reading the image (when the format embeds it) and storing it in the destination, once per shard (no
     * HEAD first: the key is content-addressed, so writing it again writes the same bytes). The two run side by side,
     * so the shard waits only for the bytes: where the destination is in the installation's store the copy never
     * leaves the store; elsewhere the one GET serves both the shard and the PUT.
     */
    private Prepared prepare(String sha) {
        CompletableFuture<byte[]> bytes = embedsImages
                ? CompletableFuture.supplyAsync(() -> read(sha), pool)
                : CompletableFuture.completedFuture(null);
        if (!stored.add(sha)) {
            return new Prepared(bytes, CompletableFuture.completedFuture(null));
        }
        String name = ExportLocation.frameImageName(sha);
        CompletableFuture<Void> copy = CompletableFuture.supplyAsync(() -> copiedInStore(sha, name), pool)
                .thenCompose(copied -> copied ? CompletableFuture.<Void>completedFuture(null)
                        : (embedsImages ? bytes : CompletableFuture.supplyAsync(() -> read(sha), pool))
                                .thenAcceptAsync(image -> destination.put(name, image, "image/webp"), pool));
        return new Prepared(bytes, copy);
    }

    /** True once the store copied the image itself; false when it cannot (then the bytes are PUT). */
    private boolean copiedInStore(String sha, String name) {
        FrameImage image = location(sha);
        try {
            return destination.copyFromInstallationStore(image.bucket(), image.key(), name, "image/webp");
        } catch (DestinationException e) {
            // the store refused the copy (or the image is missing): copy the bytes, which names a missing image
            LOG.debugf("server-side copy of %s failed, copying its bytes: %s", image.key(), e.getMessage());
            return false;
        }
    }

    /** An image of the window: its bytes for the shard (null when not embedded) and its copy in the destination. */
    private record Prepared(CompletableFuture<byte[]> bytes, CompletableFuture<Void> stored) {
        void await() {
            join(bytes);
            join(stored);
        }
    }

    private FrameImage location(String sha) {
        return locations.getOrDefault(sha, new FrameImage(installationBucket, ExportLocation.frameImageName(sha), sha));
    }

    private byte[] read(String sha) {
        FrameImage image = location(sha);
        try {
            return installationStore.getObjectAsBytes(b -> b.bucket(image.bucket()).key(image.key())).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new ShardFailedException("frame image s3://" + image.bucket() + "/" + image.key()
                    + " is missing from the installation store", e);
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
