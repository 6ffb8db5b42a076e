package com.nusomi.shardwriter.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The one test profile of this module: small catalog batches (so batching is exercised) and quick retries. */
public class ShardWriterTestProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("nusomi.shard-writer.catalog-batch-rows", "2"),
                Map.entry("nusomi.destination.multipart-part-size-bytes", "5242880"),
                Map.entry("nusomi.shard-writer.retry.max-attempts", "2"),
                Map.entry("nusomi.shard-writer.retry.initial-backoff", "200ms"),
                // role_arn destinations assume roles at a moto server (see Moto), with any static identity
                Map.entry("nusomi.destination.sts-endpoint", Moto.endpoint()),
                Map.entry("nusomi.destination.aws-access-key-id", "testing"),
                Map.entry("nusomi.destination.aws-secret-access-key", "testing"),
                // azure_blob destinations go to an Azurite (see Azurite) with its well-known key
                Map.entry("nusomi.destination.azure-endpoint", Azurite.endpointTemplate()),
                Map.entry("nusomi.destination.azure-account-key", Azurite.KEY));
    }
}
