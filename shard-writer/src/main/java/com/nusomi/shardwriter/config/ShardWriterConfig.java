package com.nusomi.shardwriter.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Tuning of the shard writer; connection settings (Kafka, registry, catalog, object store) come from the platform. */
@ConfigMapping(prefix = "nusomi.shard-writer")
public interface ShardWriterConfig {

    /** Size of one S3 multipart part, and of the only in-memory buffer a shard upload holds; S3's floor is 5 MiB. */
    @WithDefault("8388608")
    long multipartPartSizeBytes();

    /** Rows whose frames and events are read from the catalog in one query; bounds memory for large DOM snapshots. */
    @WithDefault("200")
    int catalogBatchRows();

    /** Longest a single catalog query may take. */
    @WithDefault("30s")
    Duration catalogTimeout();

    /** Retries of a task that failed for an infrastructure reason (catalog or installation store down). */
    Retry retry();

    interface Retry {
        /** Attempts before the failure propagates and the consumer stops (the task is then redelivered on restart). */
        @WithDefault("5")
        int maxAttempts();

        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();
    }
}
