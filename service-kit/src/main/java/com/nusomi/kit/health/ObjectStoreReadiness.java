package com.nusomi.kit.health;

import com.nusomi.kit.objectstore.ObjectStoreConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.services.s3.S3Client;

/** Ready only while the object store answers for the installation's bucket. */
@Readiness
@ApplicationScoped
public class ObjectStoreReadiness implements HealthCheck {
    private final S3Client s3;
    private final ObjectStoreConfig config;

    ObjectStoreReadiness(S3Client s3, ObjectStoreConfig config) {
        this.s3 = s3;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("object-store").withData("bucket", config.bucket());
        try {
            s3.headBucket(b -> b.bucket(config.bucket()));
            return builder.up().build();
        } catch (RuntimeException e) {
            return builder.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
