package com.nusomi.manifestservice.destination;

import com.nusomi.contracts.Limits;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Nusomi-hosted export: the installation bucket under {@code exports/<workspace>/<export>/}. The manifest lists a
 * time-limited URL per shard, and manifest_url is itself a time-limited URL (SPEC §6), valid {@link Limits#SIGNED_URL_TTL_SECONDS}.
 */
public final class SignedUrlDestination implements Destination {
    private static final Duration TTL = Duration.ofSeconds(Limits.SIGNED_URL_TTL_SECONDS);

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final String prefix;

    SignedUrlDestination(S3Client s3, S3Presigner presigner, String bucket, String workspaceId, String exportId) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
        this.prefix = ExportLocation.hostedPrefix(workspaceId, exportId);
    }

    @Override
    public String label() {
        return "signed_url";
    }

    @Override
    public String relativePath(String key) {
        return ExportLocation.relative(prefix, key);
    }

    @Override
    public Optional<String> fileUrl(String key) {
        return Optional.of(presign(key));
    }

    @Override
    public String writeManifest(byte[] json) {
        String key = prefix + ExportLocation.MANIFEST_NAME;
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(json));
        return presign(key);
    }

    private String presign(String key) {
        return presigner.presignGetObject(p -> p.signatureDuration(TTL).getObjectRequest(g -> g.bucket(bucket).key(key)))
                .url().toString();
    }
}
