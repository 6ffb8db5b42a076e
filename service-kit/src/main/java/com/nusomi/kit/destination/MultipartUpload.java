package com.nusomi.kit.destination;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streams an object to S3 holding at most {@code inFlight + 1} parts in memory: a small object is one PUT, a large
 * one a multipart upload whose parts are sent while the next one fills (at most {@code inFlight} parts on the wire;
 * the writer waits for the oldest one beyond that), so the writer and the network overlap and the heap stays bounded
 * whatever the object's size. Each part's body is the part's byte array, re-readable for the SDK's retries (an
 * InputStream body is not). Completing replaces any object of that name; a failure aborts the upload.
 * Not thread-safe; one writer per upload.
 */
final class MultipartUpload extends ObjectUpload {
    private final S3Objects objects;
    private final String key;
    private final String contentType;
    private final int partSize;
    private final int inFlight;
    /** Parts sent and not yet awaited, oldest first; each gives its buffer back once sent. */
    private final Deque<Future<SentPart>> sending = new ArrayDeque<>();
    private final Deque<byte[]> spare = new ArrayDeque<>();
    private final List<CompletedPart> parts = new ArrayList<>();
    private ExecutorService senders;
    private byte[] part;
    private int filled;
    private int partsStarted;
    private long size;
    private String uploadId;
    private boolean done;

    /** A part on the store, with the buffer it was sent from (free again). */
    private record SentPart(CompletedPart part, byte[] buffer) {}

    MultipartUpload(S3Objects objects, String key, String contentType, UploadParts parts) {
        this.objects = objects;
        this.key = key;
        this.contentType = contentType;
        this.partSize = parts.size();
        this.inFlight = parts.inFlight();
        this.part = new byte[partSize];
    }

    @Override
    public void write(int b) {
        ensureOpen();
        if (filled == part.length) {
            sendPart();
        }
        part[filled++] = (byte) b;
        size++;
    }

    @Override
    public void write(byte[] bytes, int off, int len) {
        ensureOpen();
        while (len > 0) {
            if (filled == part.length) {
                sendPart();
            }
            int n = Math.min(len, part.length - filled);
            System.arraycopy(bytes, off, part, filled, n);
            filled += n;
            off += n;
            len -= n;
            size += n;
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void complete() {
        ensureOpen();
        if (uploadId == null) {
            byte[] whole = part;
            int length = filled;
            objects.guarded(() -> objects.client().putObject(b -> b.bucket(objects.bucket()).key(key)
                    .contentType(contentType).contentLength((long) length), body(whole, length)));
        } else {
            if (filled > 0) {
                sendPart();
            }
            while (!sending.isEmpty()) {
                awaitOldest();
            }
            objects.guarded(() -> objects.client().completeMultipartUpload(b -> b.bucket(objects.bucket()).key(key)
                    .uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
        }
        done = true;
        shutdownSenders();
    }

    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        // parts still on the wire finish (or fail) before the abort, so none lands after it
        for (Future<SentPart> pending : sending) {
            try {
                pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException ignored) {
                // the shard fails either way
            }
        }
        sending.clear();
        shutdownSenders();
        if (uploadId == null) {
            return;
        }
        try {
            objects.client().abortMultipartUpload(b -> b.bucket(objects.bucket()).key(key).uploadId(uploadId));
        } catch (RuntimeException ignored) {
            // the store expires abandoned uploads by its lifecycle rules; the shard is failed either way
        }
    }

    /** Hands the filled part to a sender and continues in a free buffer, waiting for the oldest part if none is. */
    private void sendPart() {
        if (uploadId == null) {
            uploadId = objects.guarded(() -> objects.client().createMultipartUpload(b -> b.bucket(objects.bucket())
                    .key(key).contentType(contentType)).uploadId());
            senders = Executors.newFixedThreadPool(inFlight, Thread.ofPlatform().daemon().name("multipart-part-", 0).factory());
        }
        int number = ++partsStarted;
        byte[] buffer = part;
        int length = filled;
        String id = uploadId;
        sending.addLast(senders.submit(() -> {
            String etag = objects.guarded(() -> objects.client().uploadPart(b -> b.bucket(objects.bucket()).key(key)
                    .uploadId(id).partNumber(number).contentLength((long) length), body(buffer, length)).eTag());
            return new SentPart(CompletedPart.builder().partNumber(number).eTag(etag).build(), buffer);
        }));
        if (sending.size() > inFlight) {
            awaitOldest();
        }
        part = spare.isEmpty() ? new byte[partSize] : spare.removeFirst();
        filled = 0;
    }

    /** Waits for the oldest part on the wire (parts complete in number order in {@link #parts}); its failure is ours. */
    private void awaitOldest() {
        Future<SentPart> oldest = sending.removeFirst();
        try {
            SentPart sent = oldest.get();
            parts.add(sent.part());
            spare.addLast(sent.buffer());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DestinationException("upload of " + key + " interrupted", true, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new DestinationException("upload of " + key + " failed: " + e.getCause(), true, e.getCause());
        }
    }

    private void shutdownSenders() {
        if (senders != null) {
            senders.shutdown();
        }
    }

    /** {@code length} bytes of {@code buffer}, without copying; every call of the provider yields a fresh stream. */
    private RequestBody body(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length, contentType);
    }

    private void ensureOpen() {
        if (done) {
            throw new IllegalStateException("upload of " + key + " already completed or discarded");
        }
    }
}
