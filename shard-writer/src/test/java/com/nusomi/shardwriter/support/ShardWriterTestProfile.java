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
                "nusomi.shard-writer.retry.initial-backoff", "200ms",
                // role_arn destinations assume roles at a moto server (see Moto), with any static identity
                "nusomi.destination.sts-endpoint", Moto.endpoint(),
                "nusomi.destination.aws-access-key-id", "testing",
                "nusomi.destination.aws-secret-access-key", "testing");
    }
}
