package com.nusomi.kit.destination;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streams an object to S3 holding at most one part in memory: a small object is one PUT, a large one a multipart
 * upload whose parts are sent as they fill. Each part's body is the part's byte array, re-readable for the SDK's
 * retries (an InputStream body is not). Completing replaces any object of that name; a failure aborts the upload.
 * Not thread-safe; one writer per upload.
 */
final class MultipartUpload extends ObjectUpload {
    private final S3Objects objects;
    private final String key;
    private final String contentType;
    private final byte[] part;
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private long size;
    private String uploadId;
    private boolean done;

    MultipartUpload(S3Objects objects, String key, String contentType, int partSize) {
        this.objects = objects;
        this.key = key;
        this.contentType = contentType;
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
            objects.guarded(() -> objects.client().putObject(b -> b.bucket(objects.bucket()).key(key)
                    .contentType(contentType).contentLength((long) filled), body()));
        } else {
            if (filled > 0) {
                sendPart();
            }
            objects.guarded(() -> objects.client().completeMultipartUpload(b -> b.bucket(objects.bucket()).key(key)
                    .uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
        }
        done = true;
    }

    @Override
    public void close() {
        if (done || uploadId == null) {
            done = true;
            return;
        }
        done = true;
        try {
            objects.client().abortMultipartUpload(b -> b.bucket(objects.bucket()).key(key).uploadId(uploadId));
        } catch (RuntimeException ignored) {
            // the store expires abandoned uploads by its lifecycle rules; the shard is failed either way
        }
    }

    private void sendPart() {
        if (uploadId == null) {
            uploadId = objects.guarded(() -> objects.client().createMultipartUpload(b -> b.bucket(objects.bucket())
                    .key(key).contentType(contentType)).uploadId());
        }
        int number = parts.size() + 1;
        String etag = objects.guarded(() -> objects.client().uploadPart(b -> b.bucket(objects.bucket()).key(key)
                .uploadId(uploadId).partNumber(number).contentLength((long) filled), body()).eTag());
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        filled = 0;
    }

    /** The filled part, without copying it; every call of the provider yields a fresh stream over the same bytes. */
    private RequestBody body() {
        int length = filled;
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(part, 0, length), length, contentType);
    }

    private void ensureOpen() {
        if (done) {
            throw new IllegalStateException("upload of " + key + " already completed or discarded");
        }
    }
}
