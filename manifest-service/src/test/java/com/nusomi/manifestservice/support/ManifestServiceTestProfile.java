package com.nusomi.manifestservice.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The one test profile of this module: quick retries. */
public class ManifestServiceTestProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "nusomi.manifest-service.manifest-write.max-attempts", "2",
                "nusomi.manifest-service.manifest-write.initial-backoff", "100ms",
                "nusomi.manifest-service.handling.initial-backoff", "100ms");
    }
}
