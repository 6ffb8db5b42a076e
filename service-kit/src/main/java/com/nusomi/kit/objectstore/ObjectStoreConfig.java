package com.nusomi.kit.objectstore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The installation's S3-compatible object store: frames, hosted exports. */
@ConfigMapping(prefix = "nusomi.object-store")
public interface ObjectStoreConfig {
    /** Endpoint of the store, e.g. http://127.0.0.1:18333. */
    String endpoint();

    @WithDefault("us-east-1")
    String region();

    String accessKey();

    String secretKey();

    /** Bucket that holds frames and hosted (signed_url) exports. */
    @WithDefault("nusomi")
    String bucket();
}
