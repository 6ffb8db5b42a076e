package com.nusomi.sdk;

import com.nusomi.sdk.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code $NUSOMI_HOME/credentials.json}, written by {@code ./nusomi up} (SPEC §4 "Local installation file").
 *
 * @param gatewayUrl  the API's base URL
 * @param operatorKey {@code nso_…}, for {@code /v1/workspaces}
 * @param adminKey    {@code nsk_…} of the default workspace
 * @param workspaceId {@code wsp_…} of the default workspace
 * @param objectStore the installation's own S3-compatible store
 */
public record LocalCredentials(String gatewayUrl, String operatorKey, String adminKey, String workspaceId,
                               ObjectStore objectStore) {

    /**
     * The local object store (a destination for exports).
     *
     * @param endpoint  S3 endpoint URL
     * @param region    region
     * @param accessKey access key id
     * @param secretKey secret key
     * @param bucket    the installation's bucket
     */
    public record ObjectStore(String endpoint, String region, String accessKey, String secretKey, String bucket) {}

    /** {@code $NUSOMI_HOME/credentials.json}, {@code NUSOMI_HOME} defaulting to {@code .nusomi}. */
    public static Path path(Map<String, String> env) {
        String home = env.get("NUSOMI_HOME");
        return Path.of(home == null || home.isEmpty() ? ".nusomi" : home, "credentials.json").toAbsolutePath();
    }

    /** The file at {@code path}; empty when it does not exist (anything else unreadable throws). */
    public static Optional<LocalCredentials> read(Path path) {
        try {
            return Optional.of(Json.MAPPER.readValue(Files.readAllBytes(path), LocalCredentials.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
