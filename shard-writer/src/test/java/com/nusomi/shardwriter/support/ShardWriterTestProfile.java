package com.nusomi.shardwriter.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The one test profile of this module: small catalog batches (so batching is exercised) and quick retries. */
public class ShardWriterTestProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "nusomi.shard-writer.catalog-batch-rows", "2",
                "nusomi.destination.multipart-part-size-bytes", "5242880",
                "nusomi.shard-writer.retry.max-attempts", "2",
                "nusomi.shard-writer.retry.initial-backoff", "200ms");
    }
}
