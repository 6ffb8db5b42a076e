package com.nusomi.shardwriter.destination;

import com.nusomi.shardwriter.service.ShardFailedException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A customer's S3-compatible bucket ({@code s3 {bucket, prefix, endpoint}}). Frame images are copied beside the
 * shards under {@code <prefix>frames/} and rows point at them with absolute {@code s3://} URLs. Any error of the
 * destination fails the shard: it is the customer's store, retrying here does not fix a refused or absent bucket.
 */
public final class S3Destination implements Destination {
    private final BucketObjects objects;
    private final String prefix;
    private final S3Client installationStore;

    S3Destination(S3Client destinationStore, String bucket, String prefix, S3Client installationStore, int partSize) {
        this.objects = new BucketObjects(destinationStore, bucket, partSize);
        this.prefix = ExportLocation.normalizePrefix(prefix);
        this.installationStore = installationStore;
    }

    @Override
    public String bucket() {
        return objects.bucket();
    }

    @Override
    public String key(String name) {
        return prefix + name;
    }

    @Override
    public String imageUrl(FrameImage image) {
        return "s3://" + bucket() + "/" + key(image.exportName());
    }

    @Override
    public void ensureImage(FrameImage image) {
        String key = key(image.exportName());
        guarded(() -> {
            if (!objects.exists(key)) {
                objects.copyFrom(installationStore, image.bucket(), image.key(), key);
            }
            return null;
        });
    }

    @Override
    public ObjectUpload upload(String name, String contentType) {
        ObjectUpload upload = objects.upload(key(name), contentType);
        return new ObjectUpload() {
            @Override
            public void write(int b) {
                guarded(() -> {
                    upload.write(b);
                    return null;
                });
            }

            @Override
            public void write(byte[] bytes, int off, int len) {
                guarded(() -> {
                    upload.write(bytes, off, len);
                    return null;
                });
            }

            @Override
            public void complete() {
                guarded(() -> {
                    upload.complete();
                    return null;
                });
            }

            @Override
            public long size() {
                return upload.size();
            }

            @Override
            public void close() {
                upload.close();
            }
        };
    }

    private <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw new ShardFailedException("destination s3://" + bucket() + "/" + prefix + " failed: " + e.getMessage(), e);
        }
    }
}
