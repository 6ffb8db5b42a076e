package com.nusomi.captureingest.storage;

import com.nusomi.kit.objectstore.ObjectStoreConfig;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Frame images in the installation bucket, content-addressed: {@code frames/<sha256 hex>.webp}. Blocking calls. */
@ApplicationScoped
public class FrameBlobStore {
    public static final String CONTENT_TYPE = "image/webp";

    private final S3Client s3;
    private final String bucket;

    FrameBlobStore(S3Client s3, ObjectStoreConfig config) {
        this.s3 = s3;
        this.bucket = config.bucket();
    }

    public String bucket() {
        return bucket;
    }

    public static String keyOf(String sha256) {
        return "frames/" + sha256 + ".webp";
    }

    /**
     * Stores the image; returns the bytes written. No HEAD first: the key is the SHA-256 of the bytes, so writing it
     * again writes the same object, and one request per image costs less than a lookup plus a write (issue 8 item 5).
     */
    public long store(String sha256, byte[] image) {
        s3.putObject(b -> b.bucket(bucket).key(keyOf(sha256)).contentType(CONTENT_TYPE).contentLength((long) image.length),
                RequestBody.fromBytes(image));
        return image.length;
    }
}
