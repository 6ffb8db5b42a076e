package com.nusomi.shardwriter.destination;

import com.nusomi.kit.destination.Destination;
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
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The frame images of one shard: each image is stored once in the destination ({@code frames/<sha256>.webp}) and, for
 * formats that embed images, read for the shard. Reads run ahead of the rows on a small pool (a window of rows), and
 * only images of rows in that window are held in memory; copies run on their own pool ({@link ImageCopies}).
 */
public final class ShardImages implements ShardFormat.FrameImageBytes {
    private final S3Client installationStore;
    private final String installationBucket;
    private final Destination destination;
    private final Executor readPool;
    private final ImageCopies copies;
    private final boolean embedsImages;
    /** Where the catalog says each image is, learnt while rows are resolved; the content-addressed key otherwise. */
    private final Map<String, FrameImage> locations = new ConcurrentHashMap<>();
    private final Set<String> stored = new HashSet<>();
    private final Map<String, Prepared> inWindow = new HashMap<>();
    private final Map<String, Integer> rowsInWindow = new HashMap<>();
    private long bytesAwaitedNanos;
    private long copiesAwaitedNanos;
    private long finishNanos;

    /**
     * @param readPool reads images for the shard (and for copies that need their bytes PUT)
     * @param copyPool copies images into the destination
     */
    public ShardImages(S3Client installationStore, String installationBucket, Destination destination, Executor readPool,
                       Executor copyPool, boolean embedsImages) {
        this.installationStore = installationStore;
        this.installationBucket = installationBucket;
        this.destination = destination;
        this.readPool = readPool;
        this.copies = new ImageCopies(destination, copyPool, this::location, this::read);
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

    /**
     * Time the shard's writer thread waited for copies while taking rows: the previous row's copy (until copies are
     * detached) or room in the backlog of detached copies.
     */
    public long copiesAwaitedNanos() {
        return copiesAwaitedNanos + copies.awaitedNanos();
    }

    /** Time {@link #finish()} waited for the images still being read or stored after the last row. */
    public long finishNanos() {
        return finishNanos;
    }

    /** Waits for every image still being stored; their failures fail the shard. */
    public void finish() {
        long start = System.nanoTime();
        try {
            inWindow.values().forEach(Prepared::await);
            inWindow.clear();
            rowsInWindow.clear();
            copies.finish();
        } finally {
            finishNanos += System.nanoTime() - start;
        }
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
     * HEAD first: the key is content-addressed, so writing it again writes the same bytes). The two run side by side
     * on their own pools, so the shard waits only for the bytes; the copy is awaited with its row only until copies
     * are detached ({@link ImageCopies}).
     */
    private Prepared prepare(String sha) {
        CompletableFuture<byte[]> bytes = embedsImages
                ? CompletableFuture.supplyAsync(() -> read(sha), readPool)
                : CompletableFuture.completedFuture(null);
        if (!stored.add(sha)) {
            return new Prepared(bytes, CompletableFuture.completedFuture(null));
        }
        return new Prepared(bytes, copies.store(sha, embedsImages ? bytes : null));
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
