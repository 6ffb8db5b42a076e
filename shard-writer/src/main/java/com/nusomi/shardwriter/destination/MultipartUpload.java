package com.nusomi.shardwriter.destination;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streams an object to S3 holding at most one part in memory: a small object is one PUT, a large one a multipart
 * upload whose parts are sent as they fill. Not thread-safe; one writer per upload.
 */
final class MultipartUpload extends ObjectUpload {
    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String contentType;
    private final byte[] part;
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private long size;
    private String uploadId;
    private boolean completed;

    MultipartUpload(S3Client s3, String bucket, String key, String contentType, int partSize) {
        this.s3 = s3;
        this.bucket = bucket;
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
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).contentLength((long) filled), body());
        } else {
            if (filled > 0) {
                sendPart();
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        }
        completed = true;
    }

    @Override
    public void close() {
        if (completed || uploadId == null) {
            completed = true;
            return;
        }
        completed = true;
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException ignored) {
            // the store expires abandoned uploads by its lifecycle rules; the shard is failed either way
        }
    }

    private void sendPart() {
        if (uploadId == null) {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType)).uploadId();
        }
        int number = parts.size() + 1;
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                .contentLength((long) filled), body()).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        filled = 0;
    }

    /** The filled part, without copying it; re-readable so the SDK can retry. */
    private RequestBody body() {
        int length = filled;
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(part, 0, length), length, contentType);
    }

    private void ensureOpen() {
        if (completed) {
            throw new IllegalStateException("upload of " + key + " already completed or discarded");
        }
    }
}
