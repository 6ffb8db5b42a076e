package com.nusomi.kit.destination;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * A customer's S3 or S3-compatible bucket ({@code s3 {bucket, prefix, region, role_arn?, endpoint?}}): objects under
 * {@code <prefix>}, read back as {@code s3://bucket/<prefix><name>}.
 */
public final class S3Destination implements Destination {
    private final S3Objects objects;
    private final String prefix;
    private final boolean inInstallationStore;

    /** @param inInstallationStore the bucket is in the installation's store and reached with its credentials */
    S3Destination(S3Client client, String bucket, String prefix, UploadParts parts, boolean inInstallationStore) {
        this.prefix = ExportLocation.normalizePrefix(prefix);
        this.objects = new S3Objects(client, bucket, "s3://" + bucket + "/" + this.prefix, parts);
        this.inInstallationStore = inInstallationStore;
    }

    @Override
    public String label() {
        return "s3://" + objects.bucket() + "/" + prefix;
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
    public String url(String name) {
        return "s3://" + objects.bucket() + "/" + key(name);
    }

    @Override
    public boolean exists(String name) {
        return objects.exists(key(name));
    }

    @Override
    public void put(String name, byte[] bytes, String contentType) {
        objects.put(key(name), bytes, contentType);
    }

    @Override
    public boolean copyFromInstallationStore(String sourceBucket, String sourceKey, String name, String contentType) {
        if (!inInstallationStore) {
            return false;
        }
        objects.copy(sourceBucket, sourceKey, key(name), contentType);
        return true;
    }

    @Override
    public ObjectUpload upload(String name, String contentType) {
        return objects.upload(key(name), contentType);
    }
}
