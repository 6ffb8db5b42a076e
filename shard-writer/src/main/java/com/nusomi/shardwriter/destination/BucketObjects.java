package com.nusomi.shardwriter.destination;

import com.nusomi.shardwriter.service.ShardFailedException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The object operations every S3-compatible destination needs, on one client and bucket. */
final class BucketObjects {
    private final S3Client s3;
    private final String bucket;
    private final int partSize;

    BucketObjects(S3Client s3, String bucket, int partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    String bucket() {
        return bucket;
    }

    boolean exists(String key) {
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
    }

    ObjectUpload upload(String key, String contentType) {
        return new MultipartUpload(s3, bucket, key, contentType, partSize);
    }

    /**
     * Copies an installation-store object here: server-side when it is the same store, streamed otherwise.
     * A missing source fails the shard; other source errors propagate (the task is retried).
     */
    void copyFrom(S3Client source, String sourceBucket, String sourceKey, String key) {
        if (source == s3) {
            try {
                s3.copyObject(b -> b.sourceBucket(sourceBucket).sourceKey(sourceKey).destinationBucket(bucket).destinationKey(key));
            } catch (NoSuchKeyException e) {
                throw missing(sourceBucket, sourceKey, e);
            }
            return;
        }
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = source.getObject(b -> b.bucket(sourceBucket).key(sourceKey));
        } catch (NoSuchKeyException e) {
            throw missing(sourceBucket, sourceKey, e);
        }
        try (in) {
            GetObjectResponse meta = in.response();
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(meta.contentType()).contentLength(meta.contentLength()),
                    RequestBody.fromInputStream(in, meta.contentLength()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ShardFailedException missing(String bucket, String key, Exception cause) {
        return new ShardFailedException("frame image s3://" + bucket + "/" + key + " is missing from the installation store", cause);
    }
}
