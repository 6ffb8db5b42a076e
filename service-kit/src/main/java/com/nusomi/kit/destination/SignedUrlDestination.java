package com.nusomi.kit.destination;

import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Nusomi-hosted export ({@code signed_url {}}): the installation bucket under {@code exports/<workspace>/<export>/},
 * read through time-limited URLs (SPEC §6): every object's {@link #url} is a presigned GET, signed as of
 * {@code signingClock}.
 */
public final class SignedUrlDestination implements Destination {
    private final S3Objects objects;
    private final String prefix;
    private final UrlSigner signer;
    private final Clock signingClock;

    SignedUrlDestination(S3Client installationStore, String bucket, String workspaceId, String exportId, UploadParts parts,
                         UrlSigner signer, Clock signingClock) {
        this.prefix = ExportLocation.hostedPrefix(workspaceId, exportId);
        this.objects = new S3Objects(installationStore, bucket, "signed_url (hosted bucket " + bucket + ")", parts);
        this.signer = signer;
        this.signingClock = signingClock;
    }

    @Override
    public String label() {
        return "signed_url";
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
        return signer.sign(objects.bucket(), key(name), signingClock);
    }

    @Override
    public Optional<String> fileUrl(String key) {
        return Optional.of(signer.sign(objects.bucket(), key, signingClock));
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
        objects.copy(sourceBucket, sourceKey, key(name), contentType);
        return true;
    }

    @Override
    public ObjectUpload upload(String name, String contentType) {
        return objects.upload(key(name), contentType);
    }
}
