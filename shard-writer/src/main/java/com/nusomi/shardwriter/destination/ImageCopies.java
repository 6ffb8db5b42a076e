package com.nusomi.shardwriter.destination;

import com.nusomi.kit.destination.Destination;
import com.nusomi.kit.destination.DestinationException;
import com.nusomi.kit.destination.ExportLocation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Stores one shard's frame images in the destination ({@code frames/<sha256>.webp}). Once the destination has shown
 * that it copies inside the installation store (no bytes through the writer), each copy is detached from the rows: it
 * runs on the copy pool while the shard is written, and only {@link #finish()} waits for all of them, so the shard is
 * reported only when its images are stored. Until then, and for destinations that need the bytes PUT, a copy is
 * returned to the caller's row window (its bytes stay bounded by that window).
 */
final class ImageCopies {
    private static final Logger LOG = Logger.getLogger(ImageCopies.class);
    /** Detached copies not yet done, at most: each holds a name only, so a shard of any size waits at most here. */
    static final int MAX_PENDING = 4096;

    private final Destination destination;
    private final Executor pool;
    private final Function<String, FrameImage> locations;
    private final Function<String, byte[]> reader;
    private final Semaphore pending = new Semaphore(MAX_PENDING);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    /** Learnt from the first copy that succeeds: the destination copies inside the installation store. */
    private volatile boolean copiesInStore;
    private long awaitedNanos;

    /**
     * @param locations where the catalog says an image is (by SHA-256)
     * @param reader    an image's bytes from the installation store; names a missing image
     */
    ImageCopies(Destination destination, Executor pool, Function<String, FrameImage> locations,
                Function<String, byte[]> reader) {
        this.destination = destination;
        this.pool = pool;
        this.locations = locations;
        this.reader = reader;
    }

    /**
     * Starts storing image {@code sha}. The result is what the row window must await before releasing the row: a
     * done future once copies are detached (then {@link #finish()} waits for them).
     *
     * @param bytes the image's bytes when the shard reads them anyway (webdataset), else null
     */
    CompletableFuture<Void> store(String sha, CompletableFuture<byte[]> bytes) {
        rethrowFailure();
        String name = ExportLocation.frameImageName(sha);
        if (copiesInStore) {
            acquire();
            CompletableFuture.runAsync(() -> {
                if (!copiedInStore(sha, name)) {
                    destination.put(name, reader.apply(sha), "image/webp");
                }
            }, pool).whenComplete((done, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, unwrapped(error));
                }
                pending.release();
            });
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.supplyAsync(() -> copiedInStore(sha, name), pool)
                .thenCompose(copied -> copied ? CompletableFuture.<Void>completedFuture(null)
                        : (bytes != null ? bytes : CompletableFuture.supplyAsync(() -> reader.apply(sha), pool))
                                .thenAcceptAsync(image -> destination.put(name, image, "image/webp"), pool));
    }

    /** Waits for every detached copy; the first that failed fails the shard. */
    void finish() {
        try {
            pending.acquire(MAX_PENDING);
            pending.release(MAX_PENDING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the shard's images were copied", e);
        }
        rethrowFailure();
    }

    /** Time the shard's writer thread waited for room in a full backlog of detached copies. */
    long awaitedNanos() {
        return awaitedNanos;
    }

    /** True once the store copied the image itself; false when it cannot (then the bytes are PUT). */
    private boolean copiedInStore(String sha, String name) {
        FrameImage image = locations.apply(sha);
        try {
            boolean copied = destination.copyFromInstallationStore(image.bucket(), image.key(), name, "image/webp");
            if (copied) {
                copiesInStore = true;
            }
            return copied;
        } catch (DestinationException e) {
            // the store refused the copy (or the image is missing): copy the bytes, which names a missing image
            LOG.debugf("server-side copy of %s failed, copying its bytes: %s", image.key(), e.getMessage());
            return false;
        }
    }

    private void acquire() {
        long start = System.nanoTime();
        try {
            pending.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the shard's images were copied", e);
        } finally {
            awaitedNanos += System.nanoTime() - start;
        }
    }

    private void rethrowFailure() {
        RuntimeException failed = failure.get();
        if (failed != null) {
            throw failed;
        }
    }

    private static RuntimeException unwrapped(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }
}
