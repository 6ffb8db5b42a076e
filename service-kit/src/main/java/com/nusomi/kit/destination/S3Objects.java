package com.nusomi.kit.destination;

import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The object operations of an S3-compatible bucket, every store error turned into a {@link DestinationException}
 * naming {@code label}. Bodies are always byte arrays, so the SDK can re-read them on a retry.
 */
final class S3Objects {
    private final S3Client s3;
    private final String bucket;
    private final String label;
    private final UploadParts parts;

    S3Objects(S3Client s3, String bucket, String label, UploadParts parts) {
        this.s3 = s3;
        this.bucket = bucket;
        this.label = label;
        this.parts = parts;
    }

    String bucket() {
        return bucket;
    }

    S3Client client() {
        return s3;
    }

    boolean exists(String key) {
        return guarded(() -> {
            try {
                s3.headObject(b -> b.bucket(bucket).key(key));
                return true;
            } catch (NoSuchKeyException e) {
                return false;
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return false;
                }
                throw e;
            }
        });
    }

    void put(String key, byte[] bytes, String contentType) {
        guarded(() -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType)
                .contentLength((long) bytes.length), RequestBody.fromBytes(bytes)));
    }

    /** Server-side copy of {@code sourceBucket/sourceKey} (same store, same credentials) to {@code key}. */
    void copy(String sourceBucket, String sourceKey, String key, String contentType) {
        guarded(() -> s3.copyObject(b -> b.sourceBucket(sourceBucket).sourceKey(sourceKey).destinationBucket(bucket)
                .destinationKey(key).contentType(contentType).metadataDirective(MetadataDirective.REPLACE)));
    }

    ObjectUpload upload(String key, String contentType) {
        return new MultipartUpload(this, key, contentType, parts);
    }

    <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw new DestinationException("destination " + label + " failed: " + e.getMessage(), retryable(e), e);
        }
    }

    /** A 4xx answer (access denied, no such bucket) will not change on retry; timeouts, throttling, 5xx and I/O may. */
    private static boolean retryable(SdkException e) {
        if (e instanceof S3Exception s3 && s3.statusCode() >= 400 && s3.statusCode() < 500) {
            return s3.statusCode() == 408 || s3.statusCode() == 429;
        }
        return true;
    }
}
