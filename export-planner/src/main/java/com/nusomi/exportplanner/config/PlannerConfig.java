package com.nusomi.exportplanner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Tuning of the export planner. */
@ConfigMapping(prefix = "nusomi.export-planner")
public interface PlannerConfig {

    /** Rows read from the catalog per cursor round trip. */
    @WithDefault("500")
    int fetchSize();

    /**
     * Upper bound on rows per shard, whatever the byte target: a ShardTask lists its rows by reference (~200 bytes each
     * in Avro), so 4000 rows keep a task below Kafka's default 1 MiB record limit.
     */
    @WithDefault("4000")
    int maxRowsPerShard();

    /** Bytes added to every row's size estimate (e.g. when the writer's image URLs are longer than s3://bucket/key). */
    @WithDefault("0")
    long rowOverheadBytes();

    /** Retries of a planning attempt that failed for infrastructure reasons (database, broker, registry). */
    Retry retry();

    interface Retry {
        @WithDefault("6")
        int maxAttempts();

        @WithDefault("PT0.2S")
        Duration initialBackoff();

        @WithDefault("PT5S")
        Duration maxBackoff();
    }
}
