package com.nusomi.captureingest.storage;

import com.nusomi.kit.objectstore.ObjectStoreConfig;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

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

    /** Stores the image unless the bucket already holds it (same key, same bytes); returns the bytes written. */
    public long store(String sha256, byte[] image) {
        String key = keyOf(sha256);
        if (exists(key)) {
            return 0;
        }
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(CONTENT_TYPE).contentLength((long) image.length),
                RequestBody.fromBytes(image));
        return image.length;
    }

    private boolean exists(String key) {
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
}
