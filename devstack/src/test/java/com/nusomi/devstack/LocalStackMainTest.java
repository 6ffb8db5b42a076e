package com.nusomi.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.devstack.internal.Ports;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local main as the launcher runs it: ready line, infra.json, clean stop on SIGTERM with nothing left behind. */
class LocalStackMainTest {

    @Test
    void startsWritesInfraJsonAndStopsCleanlyOnSigterm(@TempDir Path home) throws Exception {
        int[] ports = Ports.free(6);
        List<String> command = new ArrayList<>(List.of(SchemaRegistry.javaExecutable(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path")));
        String repo = System.getProperty("maven.repo.local");
        if (repo != null) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        command.addAll(List.of(LocalStackMain.class.getName(), "--home", home.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put(DevStackOptions.ENV_KAFKA_PORT, Integer.toString(ports[0]));
        env.put(DevStackOptions.ENV_KAFKA_CONTROLLER_PORT, Integer.toString(ports[1]));
        env.put(DevStackOptions.ENV_REGISTRY_PORT, Integer.toString(ports[2]));
        env.put(DevStackOptions.ENV_REGISTRY_MANAGEMENT_PORT, Integer.toString(ports[3]));
        env.put(DevStackOptions.ENV_S3_PORT, Integer.toString(ports[4]));
        env.put(DevStackOptions.ENV_POSTGRES_PORT, Integer.toString(ports[5]));
        Process main = builder.start();
        List<String> output = new ArrayList<>();
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(main.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        synchronized (output) {
                            output.add(line);
                        }
                        if (line.startsWith(LocalStackMain.READY_LINE + " ")) {
                            return line;
                        }
                    }
                    return null;
                } catch (Exception e) {
                    return null;
                }
            });
            String line = ready.get(180, TimeUnit.SECONDS);
            assertTrue(line != null, "no ready line; output:\n" + String.join("\n", output));
            Path infra = Path.of(line.substring(LocalStackMain.READY_LINE.length() + 1));
            assertEquals(home.resolve("infra.json").toAbsolutePath(), infra.toAbsolutePath());
            JsonNode json = RegistryHttp.JSON.readTree(Files.readString(infra));
            assertEquals("127.0.0.1:" + ports[0], json.path("kafkaBootstrap").asText());
            assertEquals("http://127.0.0.1:" + ports[2] + "/apis/registry/v3", json.path("registryUrl").asText());
            assertEquals("postgresql://localhost:" + ports[5] + "/nusomi", json.path("reactiveUrl").asText());
            assertEquals(json.path("registryUrl").asText(),
                    json.path("quarkusConfig").path("mp.messaging.connector.smallrye-kafka.apicurio.registry.url").asText());
            try (Connection c = DriverManager.getConnection(json.path("jdbcUrl").asText(),
                    json.path("dbUser").asText(), json.path("dbPassword").asText())) {
                assertTrue(c.isValid(5));
            }
            var registry = new RegistryHttp(json.path("registryUrl").asText());
            assertEquals(200, registry.get("/system/info").status());

            List<ProcessHandle> children = main.descendants().toList();
            assertFalse(children.isEmpty(), "the registry should be a child process");

            main.destroy(); // SIGTERM
            assertTrue(main.waitFor(90, TimeUnit.SECONDS), "local stack did not stop on SIGTERM");
            for (ProcessHandle child : children) {
                assertTrue(child.onExit().get(30, TimeUnit.SECONDS) != null);
                assertFalse(child.isAlive(), "child " + child.pid() + " left behind");
            }
            assertFalse(Files.exists(infra), "infra.json should be removed on stop");
            assertFalse(Files.exists(home.resolve("postgres/postmaster.pid")), "PostgreSQL still running");
            for (int port : ports) {
                Ports.requireFree(port, "port", "-");
            }
        } finally {
            if (main.isAlive()) {
                main.descendants().forEach(ProcessHandle::destroyForcibly);
                main.destroyForcibly();
            }
        }
    }
}
