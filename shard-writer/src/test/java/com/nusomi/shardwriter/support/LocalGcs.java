package com.nusomi.shardwriter.support;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import com.nusomi.kit.destination.GcsClients;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * GCS for tests: google-cloud-nio's in-process fake (no HTTP; no fake GCS server is installable here) in place of
 * the installation's clients, one store per test JVM that the tests read back.
 */
@ApplicationScoped
public class LocalGcs extends GcsClients {
    public static final Storage STORAGE = LocalStorageHelper.getOptions().getService();

    @Override
    public Storage storage(String serviceAccount) {
        return STORAGE;
    }
}
