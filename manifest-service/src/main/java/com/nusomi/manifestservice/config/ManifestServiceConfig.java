package com.nusomi.manifestservice.config;

import com.nusomi.kit.retry.RetryPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tuning of the manifest service; connection settings (Kafka, registry, database, object store) come from the platform. */
@ConfigMapping(prefix = "nusomi.manifest-service")
public interface ManifestServiceConfig {

    /** Publish {@code ExportStatus{running, shards_done}} as shard results arrive. */
    @WithDefault("true")
    boolean publishProgress();

    /** Writing manifest.json: attempts before the export is failed ({@code internal_error}); defaults in application.properties. */
    RetryPolicy manifestWrite();

    /** Handling a record (database, broker): attempts before the failure propagates and the consumer stops. */
    RetryPolicy handling();
}
