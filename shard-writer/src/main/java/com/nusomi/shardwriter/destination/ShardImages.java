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
    private final Set<String> stored = ConcurrentHashMap.newKeySet();
    private final Map<String, CompletableFuture<byte[]>> inWindow = new HashMap<>();
    private final Map<String, Integer> rowsInWindow = new HashMap<>();

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
        CompletableFuture<byte[]> bytes = inWindow.get(frame.imageSha256());
        byte[] image = bytes == null ? null : join(bytes);
        return image != null ? image : read(frame.imageSha256());
    }

    /** Waits for every image still being stored; their failures fail the shard. */
    public void finish() {
        inWindow.values().forEach(ShardImages::join);
        inWindow.clear();
        rowsInWindow.clear();
    }

    private void acquire(ShardRow row) {
        if (row.hasFrame()) {
            String sha = row.frame().imageSha256();
            rowsInWindow.merge(sha, 1, Integer::sum);
            inWindow.computeIfAbsent(sha, s -> CompletableFuture.supplyAsync(() -> prepare(s), pool));
        }
    }

    /** The row was written: its image's work must have succeeded; forget the bytes unless a later row needs them. */
    private void release(ShardRow row) {
        if (row == null || !row.hasFrame()) {
            return;
        }
        String sha = row.frame().imageSha256();
        join(inWindow.get(sha));
        if (rowsInWindow.merge(sha, -1, Integer::sum) == 0) {
            rowsInWindow.remove(sha);
            inWindow.remove(sha);
        }
    }

    /**
     * Stores the image in the destination once per shard (no HEAD first: the key is content-addressed, so writing it
     * again writes the same bytes) and returns its bytes when the format embeds images: one GET serves both the shard
     * and the copy, and where the destination is in the installation's store the copy never leaves the store.
     */
    private byte[] prepare(String sha) {
        byte[] bytes = embedsImages ? read(sha) : null;
        if (stored.add(sha)) {
            store(sha, bytes);
        }
        return bytes;
    }

    private void store(String sha, byte[] bytes) {
        FrameImage image = location(sha);
        String name = ExportLocation.frameImageName(sha);
        try {
            if (destination.copyFromInstallationStore(image.bucket(), image.key(), name, "image/webp")) {
                return;
            }
        } catch (DestinationException e) {
            // the store refused the copy (or the image is missing): copy the bytes, which names a missing image
            LOG.debugf("server-side copy of %s failed, copying its bytes: %s", image.key(), e.getMessage());
        }
        destination.put(name, bytes != null ? bytes : read(sha), "image/webp");
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

    private static byte[] join(CompletableFuture<byte[]> future) {
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
