package com.nusomi.shardwriter.config;

import com.nusomi.kit.retry.RetryPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Tuning of the shard writer; connection settings (Kafka, registry, catalog, object store) come from the platform. */
@ConfigMapping(prefix = "nusomi.shard-writer")
public interface ShardWriterConfig {

    /** Bytes of rows a Parquet row group buffers before it is written out (the format's memory bound). */
    @WithDefault("33554432")
    long parquetRowGroupBytes();

    /** Rows in one Arrow record batch, at most (a batch is also cut at {@code arrow-batch-bytes}). */
    @WithDefault("1024")
    int arrowBatchRows();

    /** Approximate bytes of one Arrow record batch, at most (the format's memory bound, off-heap). */
    @WithDefault("16777216")
    long arrowBatchBytes();

    /**
     * Frame images read in parallel ahead of the rows, for webdataset's tar (a window of 2× this many rows). As many as
     * copiers: with copies beside the rows the reads are the shard's critical path, and the store serves requests in
     * flight about evenly.
     */
    @WithDefault("16")
    int imageReadConcurrency();

    /**
     * Frame images copied into the destination in parallel. Copies run beside the rows, not in their window, once
     * the destination copies inside the installation store; the shard is reported when all are done.
     */
    @WithDefault("16")
    int imageCopyConcurrency();

    /** Rows whose frames and events are read from the catalog in one query; bounds memory for large DOM snapshots. */
    @WithDefault("200")
    int catalogBatchRows();

    /** Longest a single catalog query may take. */
    @WithDefault("30s")
    Duration catalogTimeout();

    /** Retries of a task that failed for a reason that may pass (store or catalog down, destination unreachable). */
    RetryPolicy retry();

}
