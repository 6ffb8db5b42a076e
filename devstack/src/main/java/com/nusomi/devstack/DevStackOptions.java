package com.nusomi.devstack;

import com.nusomi.devstack.internal.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How to start a {@link DevStack}. A port of 0 means "any free port".
 *
 * @param dataDir            everything the stack writes goes under it (kafka/, postgres/, objects/, registry/)
 * @param persistent         keep data across restarts (local run) or wipe it on stop (tests)
 * @param registryOnPostgres Apicurio on PostgreSQL SQL storage (ids survive restarts) instead of in-memory
 */
public record DevStackOptions(
        Path dataDir,
        boolean persistent,
        int kafkaPort,
        int kafkaControllerPort,
        int registryPort,
        int registryManagementPort,
        int s3Port,
        int postgresPort,
        boolean registryOnPostgres,
        String bucket) {

    public static final int DEFAULT_KAFKA_PORT = 19092;
    public static final int DEFAULT_KAFKA_CONTROLLER_PORT = 19093;
    public static final int DEFAULT_REGISTRY_PORT = 18081;
    public static final int DEFAULT_REGISTRY_MANAGEMENT_PORT = 18091;
    public static final int DEFAULT_S3_PORT = 18333;
    public static final int DEFAULT_POSTGRES_PORT = 15432;

    public static final String ENV_KAFKA_PORT = "NUSOMI_KAFKA_PORT";
    public static final String ENV_KAFKA_CONTROLLER_PORT = "NUSOMI_KAFKA_CONTROLLER_PORT";
    public static final String ENV_REGISTRY_PORT = "NUSOMI_REGISTRY_PORT";
    public static final String ENV_REGISTRY_MANAGEMENT_PORT = "NUSOMI_REGISTRY_MANAGEMENT_PORT";
    public static final String ENV_S3_PORT = "NUSOMI_S3_PORT";
    public static final String ENV_POSTGRES_PORT = "NUSOMI_POSTGRES_PORT";

    /** Tests: a fresh temporary directory wiped on stop, free ephemeral ports, in-memory registry. */
    public static DevStackOptions forTests() {
        try {
            Path dir = Files.createTempDirectory(com.nusomi.devstack.internal.StaleStacks.PREFIX);
            return new DevStackOptions(dir, false, 0, 0, 0, 0, 0, 0, false, ObjectStore.DEFAULT_BUCKET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The local run: data kept under {@code home}, the registry on PostgreSQL, fixed ports (defaults above)
     * that the environment variables {@code NUSOMI_KAFKA_PORT}, {@code NUSOMI_KAFKA_CONTROLLER_PORT},
     * {@code NUSOMI_REGISTRY_PORT}, {@code NUSOMI_REGISTRY_MANAGEMENT_PORT}, {@code NUSOMI_S3_PORT},
     * {@code NUSOMI_POSTGRES_PORT} (or system properties {@code nusomi.kafka.port} …) override.
     */
    public static DevStackOptions local(Path home) {
        return new DevStackOptions(home.toAbsolutePath(), true,
                Ports.configured(ENV_KAFKA_PORT, DEFAULT_KAFKA_PORT),
                Ports.configured(ENV_KAFKA_CONTROLLER_PORT, DEFAULT_KAFKA_CONTROLLER_PORT),
                Ports.configured(ENV_REGISTRY_PORT, DEFAULT_REGISTRY_PORT),
                Ports.configured(ENV_REGISTRY_MANAGEMENT_PORT, DEFAULT_REGISTRY_MANAGEMENT_PORT),
                Ports.configured(ENV_S3_PORT, DEFAULT_S3_PORT),
                Ports.configured(ENV_POSTGRES_PORT, DEFAULT_POSTGRES_PORT),
                true, ObjectStore.DEFAULT_BUCKET);
    }

    /** The same options with every port chosen freely (e.g. a local-mode test beside a running local stack). */
    public DevStackOptions withFreePorts() {
        return new DevStackOptions(dataDir, persistent, 0, 0, 0, 0, 0, 0, registryOnPostgres, bucket);
    }

    public DevStackOptions withRegistryOnPostgres(boolean onPostgres) {
        return new DevStackOptions(dataDir, persistent, kafkaPort, kafkaControllerPort, registryPort,
                registryManagementPort, s3Port, postgresPort, onPostgres, bucket);
    }

    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    public Path postgresDir() {
        return dataDir.resolve("postgres");
    }

    public Path objectsDir() {
        return dataDir.resolve("objects");
    }

    public Path registryDir() {
        return dataDir.resolve("registry");
    }
}
