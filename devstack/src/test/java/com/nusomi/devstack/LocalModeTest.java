package com.nusomi.devstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The local run's mode: data under a home directory survives a restart (registry ids on PostgreSQL). */
class LocalModeTest {

    @Test
    void schemaIdsObjectsAndTopicsSurviveARestart(@TempDir Path home) throws Exception {
        DevStackOptions options = DevStackOptions.local(home).withFreePorts();
        assertTrue(options.persistent());
        assertTrue(options.registryOnPostgres());

        long globalId;
        long registryPid;
        String key = "persist/" + UUID.randomUUID();
        byte[] object = "kept across restarts".getBytes(StandardCharsets.UTF_8);
        try (DevStack stack = DevStack.start(options)) {
            System.out.println("[devstack] local mode, first start: " + stack.startupTime().toMillis() + " ms");
            DevStackSettings s = stack.settings();
            var created = new RegistryHttp(s.registryUrl())
                    .createAvroArtifact("devstack-local", "probe", EmbeddedStackTest.SCHEMA_V1);
            assertEquals(200, created.status(), created.raw());
            globalId = created.body().path("version").path("globalId").asLong();
            assertTrue(globalId > 0, created.raw());
            try (S3Client s3 = s3(s)) {
                s3.putObject(b -> b.bucket(s.bucket()).key(key), RequestBody.fromBytes(object));
            }
            registryPid = stack.registry().pid();
            assertTrue(Files.isRegularFile(stack.registry().logFile()));
        }
        assertFalse(ProcessHandle.of(registryPid).map(ProcessHandle::isAlive).orElse(false),
                "registry child process still alive after stop");
        assertTrue(Files.isDirectory(home.resolve("kafka")));
        assertTrue(Files.isDirectory(home.resolve("postgres")));
        assertTrue(Files.isDirectory(home.resolve("objects")));
        assertTrue(Files.isRegularFile(home.resolve("registry/registry.log")));

        // again, on other ports, from the same home
        try (DevStack stack = DevStack.start(options)) {
            System.out.println("[devstack] local mode, restart: " + stack.startupTime().toMillis() + " ms");
            DevStackSettings s = stack.settings();
            var registry = new RegistryHttp(s.registryUrl());
            var byId = registry.get("/ids/globalIds/" + globalId);
            assertEquals(200, byId.status(), byId.raw());
            assertEquals("Probe", byId.body().path("name").asText(), byId.raw());
            var meta = registry.get("/groups/devstack-local/artifacts/probe/versions/1");
            assertEquals(200, meta.status(), meta.raw());
            assertEquals(globalId, meta.body().path("globalId").asLong());

            try (S3Client s3 = s3(s)) {
                assertArrayEquals(object, s3.getObjectAsBytes(b -> b.bucket(s.bucket()).key(key)).asByteArray());
            }
            try (Admin admin = KafkaTopics.admin(s.kafkaBootstrap())) {
                Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                assertTrue(names.contains("nusomi.events"));
            }
        }
    }

    static S3Client s3(DevStackSettings s) {
        return S3Client.builder()
                .endpointOverride(URI.create(s.s3Endpoint()))
                .region(Region.of(s.s3Region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s.s3AccessKey(), s.s3SecretKey())))
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
