package com.nusomi.manifestservice.destination;

import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** A customer's S3-compatible bucket: manifest at {@code <prefix>manifest.json}, manifest_url {@code s3://bucket/<prefix>manifest.json}. */
public final class S3Destination implements Destination {
    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    S3Destination(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = ExportLocation.normalizePrefix(prefix);
    }

    @Override
    public String label() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public String relativePath(String key) {
        return ExportLocation.relative(prefix, key);
    }

    @Override
    public Optional<String> fileUrl(String key) {
        return Optional.empty();
    }

    @Override
    public String writeManifest(byte[] json) {
        String key = prefix + ExportLocation.MANIFEST_NAME;
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(json));
        return "s3://" + bucket + "/" + key;
    }
}
