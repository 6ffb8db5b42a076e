package com.nusomi.shardwriter.destination;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * Nusomi-hosted export ({@code signed_url {}}): the installation bucket under {@code exports/<workspace>/<export>/}.
 * Rows name frame images relative to that folder ({@code frames/<sha256>.webp}); the manifest lists signed URLs.
 * Errors here are the installation store's, so they propagate and the task is retried.
 */
public final class SignedUrlDestination implements Destination {
    private final BucketObjects objects;
    private final String prefix;
    private final S3Client installationStore;

    SignedUrlDestination(S3Client installationStore, String bucket, String workspaceId, String exportId, int partSize) {
        this.objects = new BucketObjects(installationStore, bucket, partSize);
        this.prefix = ExportLocation.hostedPrefix(workspaceId, exportId);
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
        return image.exportName();
    }

    @Override
    public void ensureImage(FrameImage image) {
        String key = key(image.exportName());
        if (!objects.exists(key)) {
            objects.copyFrom(installationStore, image.bucket(), image.key(), key);
        }
    }

    @Override
    public ObjectUpload upload(String name, String contentType) {
        return objects.upload(key(name), contentType);
    }
}
