package com.nusomi.kit.objectstore;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/** Creates the installation bucket on first start (fresh docker-compose or object store); a no-op when it exists. */
@ApplicationScoped
public class BucketBootstrap {
    private static final Logger LOG = Logger.getLogger(BucketBootstrap.class);

    void onStart(@Observes StartupEvent event, S3Client s3, ObjectStoreConfig config) {
        try {
            s3.headBucket(b -> b.bucket(config.bucket()));
        } catch (NoSuchBucketException missing) {
            try {
                s3.createBucket(b -> b.bucket(config.bucket()));
                LOG.infof("created bucket %s", config.bucket());
            } catch (BucketAlreadyOwnedByYouException raced) {
                // another service created it first
            }
        } catch (RuntimeException unreachable) {
            LOG.warnf("object store not reachable at start (%s); readiness stays DOWN until it is", unreachable.getMessage());
        }
    }
}
