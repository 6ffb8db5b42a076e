package com.nusomi.devstack;

import com.nusomi.contracts.Topic;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * Opt-in ({@code -Dnusomi.devstack=containers}): the same four components as {@link DevStack}, as Docker
 * containers through Testcontainers. Images can be overridden with {@code -Dnusomi.devstack.image.kafka},
 * {@code .postgres}, {@code .registry}, {@code .s3}.
 */
public final class ContainerStack implements InfraStack {
    public static final String KAFKA_IMAGE = image("kafka", "apache/kafka:4.1.1");
    public static final String POSTGRES_IMAGE = image("postgres", "postgres:16-alpine");
    public static final String REGISTRY_IMAGE = image("registry", "apicurio/apicurio-registry:3.3.3");
    public static final String S3_IMAGE = image("s3", "andrewgaul/s3proxy:latest");

    private final List<GenericContainer<?>> containers;
    private final DevStackSettings settings;
    private boolean closed;

    private ContainerStack(List<GenericContainer<?>> containers, DevStackSettings settings) {
        this.containers = containers;
        this.settings = settings;
    }

    /** True when a Docker engine answers (tests of this mode are skipped otherwise). */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    public static ContainerStack start() {
        if (!dockerAvailable()) {
            throw new IllegalStateException("nusomi.devstack=containers but no Docker engine is reachable");
        }
        PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withDatabaseName(Postgres.DATABASE).withUsername(Postgres.USER).withPassword(Postgres.PASSWORD);
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
        GenericContainer<?> registry = new GenericContainer<>(REGISTRY_IMAGE)
                .withEnv("APICURIO_RULES_GLOBAL_COMPATIBILITY", SchemaRegistry.COMPATIBILITY)
                .withExposedPorts(8080, 9000)
                .waitingFor(Wait.forHttp("/health/ready").forPort(9000).withStartupTimeout(Duration.ofMinutes(2)));
        GenericContainer<?> s3 = new GenericContainer<>(S3_IMAGE)
                .withEnv("S3PROXY_AUTHORIZATION", "aws-v2-or-v4")
                .withEnv("S3PROXY_IDENTITY", ObjectStore.ACCESS_KEY)
                .withEnv("S3PROXY_CREDENTIAL", ObjectStore.SECRET_KEY)
                .withEnv("JCLOUDS_PROVIDER", "transient")
                .withExposedPorts(80)
                .waitingFor(Wait.forListeningPort());
        List<GenericContainer<?>> all = List.of(postgres, kafka, registry, s3);
        try {
            Startables.deepStart(all).join();
            String registryUrl = "http://" + registry.getHost() + ":" + registry.getMappedPort(8080) + SchemaRegistry.API_PATH;
            String s3Endpoint = "http://" + s3.getHost() + ":" + s3.getMappedPort(80);
            KafkaTopics.ensure(kafka.getBootstrapServers(), Topic.allSpecs());
            SchemaRegistry.enforceGlobalCompatibility(registryUrl, SchemaRegistry.COMPATIBILITY);
            createBucket(s3Endpoint, ObjectStore.DEFAULT_BUCKET);
            String pgHostPort = postgres.getHost() + ":" + postgres.getMappedPort(5432);
            DevStackSettings settings = new DevStackSettings(
                    kafka.getBootstrapServers(), registryUrl,
                    "jdbc:postgresql://" + pgHostPort + "/" + Postgres.DATABASE,
                    "postgresql://" + pgHostPort + "/" + Postgres.DATABASE,
                    Postgres.USER, Postgres.PASSWORD,
                    s3Endpoint, ObjectStore.REGION, ObjectStore.ACCESS_KEY, ObjectStore.SECRET_KEY,
                    ObjectStore.DEFAULT_BUCKET);
            return new ContainerStack(all, settings);
        } catch (RuntimeException e) {
            all.forEach(ContainerStack::stopQuietly);
            throw e;
        }
    }

    private static void createBucket(String endpoint, String bucket) {
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(ObjectStore.REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ObjectStore.ACCESS_KEY, ObjectStore.SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException exists) {
            // fine
        }
    }

    private static String image(String component, String fallback) {
        return System.getProperty("nusomi.devstack.image." + component, fallback);
    }

    private static void stopQuietly(GenericContainer<?> container) {
        try {
            container.stop();
        } catch (RuntimeException ignored) {
            // best effort
        }
    }

    @Override
    public DevStackSettings settings() {
        return settings;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // registry, object store, Kafka, PostgreSQL
        for (int i : new int[] {2, 3, 1, 0}) {
            stopQuietly(containers.get(i));
        }
    }
}
