package com.nusomi.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nusomi.devstack.internal.Await;
import com.nusomi.devstack.internal.ParentWatchdog;
import com.nusomi.devstack.internal.StaleStacks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Apicurio Registry 3.x run as a child process of this JVM (the Quarkus fast-jar from
 * {@link ApicurioDistribution}), on the JDK that runs the devstack. Its log goes to {@code <workDir>/registry.log}.
 * The global COMPATIBILITY rule is BACKWARD (set as the server default and enforced through the admin API).
 *
 * <p>The child dies with this JVM: {@link #close()} stops it, a shutdown hook stops it when the JVM exits, and a
 * tiny agent in the child ends it if this JVM is killed without running its hooks.
 */
public final class SchemaRegistry implements AutoCloseable {
    /** Path of the v3 REST API under the registry's HTTP root. */
    public static final String API_PATH = "/apis/registry/v3";
    public static final String COMPATIBILITY = "BACKWARD";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the registry keeps its data. */
    public sealed interface Storage permits InMemory, Sql {
        static Storage inMemory() {
            return new InMemory();
        }

        static Storage postgres(String jdbcUrl, String username, String password) {
            return new Sql(jdbcUrl, username, password);
        }
    }

    /** The registry's default: an in-memory H2 database, lost when it stops (tests). */
    public record InMemory() implements Storage {}

    /** PostgreSQL SQL storage: schema ids survive restarts (local run). */
    public record Sql(String jdbcUrl, String username, String password) implements Storage {}

    private final Path home;
    private final Path workDir;
    private final Path logFile;
    private final int httpPort;
    private final int managementPort;
    private final Storage storage;
    private final Thread shutdownHook;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Process process;
    private volatile ClassDataSharing cds;
    private volatile boolean closed;

    private SchemaRegistry(Path home, Path workDir, int httpPort, int managementPort, Storage storage) {
        this.home = home;
        this.workDir = workDir;
        this.logFile = workDir.resolve("registry.log");
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.storage = storage;
        this.shutdownHook = new Thread(this::stopProcess, "nusomi-devstack-registry-stop");
    }

    /** Launches and waits until ready (health UP on the management port, API answering, BACKWARD in force). */
    public static SchemaRegistry start(Path workDir, int httpPort, int managementPort, Storage storage) {
        SchemaRegistry registry = launch(workDir, httpPort, managementPort, storage);
        try {
            return registry.awaitReady(Duration.ofSeconds(180));
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /** Starts the child process and returns at once; call {@link #awaitReady(Duration)} before using it. */
    public static SchemaRegistry launch(Path workDir, int httpPort, int managementPort, Storage storage) {
        Path home = ApicurioDistribution.home();
        try {
            Files.createDirectories(workDir.resolve("tmp"));
            // a registry left running by a devstack JVM that was killed before it could stop it
            StaleStacks.stopRegistry(workDir.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare " + workDir, e);
        }
        SchemaRegistry registry = new SchemaRegistry(home, workDir, httpPort, managementPort, storage);
        registry.spawn(ClassDataSharing.forDistribution(home));
        Runtime.getRuntime().addShutdownHook(registry.shutdownHook);
        return registry;
    }

    private void spawn(ClassDataSharing classData) {
        try {
            if (Files.exists(logFile)) {
                Files.move(logFile, workDir.resolve("registry.log.1"), StandardCopyOption.REPLACE_EXISTING);
            }
            Path agent = ParentWatchdog.agentJar(ApicurioDistribution.cacheDir());
            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            command.add("-javaagent:" + agent.toAbsolutePath() + "=" + ProcessHandle.current().pid());
            command.addAll(List.of("-Xms32m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-XX:+ExitOnOutOfMemoryError"));
            command.addAll(classData.jvmOptions());
            command.add("-Djava.io.tmpdir=" + workDir.resolve("tmp").toAbsolutePath());
            command.add(StaleStacks.REGISTRY_MARK + workDir.toAbsolutePath());
            for (var e : systemProperties(workDir, httpPort, managementPort, storage).entrySet()) {
                command.add("-D" + e.getKey() + "=" + e.getValue());
            }
            command.add("-jar");
            command.add(home.resolve("quarkus-run.jar").toAbsolutePath().toString());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("APICURIO_"));
            this.cds = classData;
            this.process = builder.start();
            Files.writeString(workDir.resolve("registry.pid"), Long.toString(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the schema registry", e);
        }
    }

    static Map<String, String> systemProperties(Path workDir, int httpPort, int managementPort, Storage storage) {
        var p = new java.util.LinkedHashMap<String, String>();
        p.put("quarkus.http.host", "127.0.0.1");
        p.put("quarkus.http.port", Integer.toString(httpPort));
        p.put("quarkus.management.host", "127.0.0.1");
        p.put("quarkus.management.port", Integer.toString(managementPort));
        p.put("quarkus.http.access-log.enabled", "false");
        p.put("quarkus.log.console.color", "false");
        p.put("apicurio.rules.global.compatibility", COMPATIBILITY);
        p.put("apicurio.storage.snapshot.location", workDir.resolve("tmp").toAbsolutePath().toString());
        p.put("apicurio.storage.kind", "sql");
        p.put("apicurio.datasource.jdbc.initial-size", "2");
        p.put("apicurio.datasource.jdbc.min-size", "2");
        p.put("apicurio.datasource.jdbc.max-size", "10");
        if (storage instanceof Sql sql) {
            p.put("apicurio.storage.sql.kind", "postgresql");
            p.put("apicurio.datasource.url", sql.jdbcUrl());
            p.put("apicurio.datasource.username", sql.username());
            p.put("apicurio.datasource.password", sql.password());
        } else {
            p.put("apicurio.storage.sql.kind", "h2");
        }
        return p;
    }

    static String javaExecutable() {
        Optional<String> current = ProcessHandle.current().info().command();
        if (current.isPresent() && Files.isExecutable(Paths.get(current.get()))) {
            return current.get();
        }
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Waits for health, the API, and the BACKWARD global rule. */
    public SchemaRegistry awaitReady(Duration timeout) {
        try {
            awaitHealth(timeout);
        } catch (IllegalStateException e) {
            if (process.isAlive() || !cds.enabled() || closed) {
                throw e;
            }
            // the JVM refused its class-data-sharing options: run without them (and never try them again here)
            ClassDataSharing.disable();
            spawn(ClassDataSharing.none());
            awaitHealth(timeout);
        }
        Await.until("Apicurio Registry API on " + url(), Duration.ofSeconds(30), Duration.ofMillis(100), () -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/system/info"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Boolean.TRUE : null;
        }, () -> !process.isAlive(), this::logTail);
        enforceGlobalCompatibility(url(), COMPATIBILITY);
        return this;
    }

    private void awaitHealth(Duration timeout) {
        Process current = process;
        Await.until("Apicurio Registry health on " + healthUrl(), timeout, Duration.ofMillis(100), () -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(healthUrl()))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Boolean.TRUE : null;
        }, () -> !current.isAlive(), this::logTail);
    }

    /**
     * Makes {@code level} the global COMPATIBILITY rule through the admin API and checks it is in force.
     * Works against any Apicurio 3 registry ({@code registryUrl} ends in /apis/registry/v3).
     */
    public static void enforceGlobalCompatibility(String registryUrl, String level) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String rules = registryUrl + "/admin/rules";
        String body = "{\"ruleType\":\"COMPATIBILITY\",\"config\":\"" + level + "\"}";
        try {
            String current = globalCompatibility(client, registryUrl);
            if (current == null) {
                HttpResponse<String> created = client.send(json(rules).POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (created.statusCode() / 100 != 2 && created.statusCode() != 409) {
                    throw new IllegalStateException("creating the global rule failed: " + created.statusCode()
                            + " " + created.body());
                }
            }
            if (!level.equals(globalCompatibility(client, registryUrl))) {
                HttpResponse<String> updated = client.send(json(rules + "/COMPATIBILITY")
                        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (updated.statusCode() / 100 != 2) {
                    throw new IllegalStateException("updating the global rule failed: " + updated.statusCode()
                            + " " + updated.body());
                }
            }
            String effective = globalCompatibility(client, registryUrl);
            if (!level.equals(effective)) {
                throw new IllegalStateException("global COMPATIBILITY rule is " + effective + ", expected " + level);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not set the registry's global compatibility rule", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The configured global COMPATIBILITY level, or null when the registry has none. */
    public static String globalCompatibility(HttpClient client, String registryUrl) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(json(registryUrl + "/admin/rules/COMPATIBILITY").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404) {
            return null;
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET global COMPATIBILITY rule: " + r.statusCode() + " " + r.body());
        }
        JsonNode node = JSON.readTree(r.body());
        return node.path("config").asText(null);
    }

    private static HttpRequest.Builder json(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Accept", "application/json");
    }

    /** e.g. http://127.0.0.1:18081/apis/registry/v3 — what the Apicurio serdes take as apicurio.registry.url. */
    public String url() {
        return "http://127.0.0.1:" + httpPort + API_PATH;
    }

    public String healthUrl() {
        return "http://127.0.0.1:" + managementPort + "/health/ready";
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return "--- " + logFile + " (last lines) ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }

    private void stopProcess() {
        boolean clean = true;
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    clean = false;
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                clean = false;
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        cds.afterExit(clean && !process.isAlive());
    }

    /**
     * AppCDS for the registry JVM (~30% less CPU to start): the first run on a JDK records a class-data archive
     * at exit into a private file, which is moved into the cache only after a clean exit; later runs map it.
     * {@code -Dnusomi.devstack.registry.cds=false} turns it off.
     */
    static final class ClassDataSharing {
        private final Path archive;
        private final Path recording;

        private ClassDataSharing(Path archive, Path recording) {
            this.archive = archive;
            this.recording = recording;
        }

        private static volatile boolean disabled;

        static ClassDataSharing none() {
            return new ClassDataSharing(null, null);
        }

        static void disable() {
            disabled = true;
        }

        boolean enabled() {
            return archive != null || recording != null;
        }

        static ClassDataSharing forDistribution(Path home) {
            if (disabled || !Boolean.parseBoolean(System.getProperty("nusomi.devstack.registry.cds", "true"))) {
                return none();
            }
            try {
                Path dir = home.resolveSibling(home.getFileName() + "-cds");
                Files.createDirectories(dir);
                String jdk = System.getProperty("java.vm.vendor", "jdk") + "-" + System.getProperty("java.vm.version", "0");
                String key = jdk.replaceAll("[^A-Za-z0-9._-]", "_");
                Path archive = dir.resolve(key + ".jsa");
                removeAbandonedRecordings(dir);
                if (Files.isRegularFile(archive) && Files.size(archive) > 0) {
                    return new ClassDataSharing(archive, null);
                }
                Path recording = dir.resolve(key + "." + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".jsa.tmp");
                return new ClassDataSharing(archive, recording);
            } catch (IOException | RuntimeException e) {
                return new ClassDataSharing(null, null);
            }
        }

        /** Recordings of registries whose devstack JVM was killed (75 MB each). */
        private static void removeAbandonedRecordings(Path dir) {
            long hourAgo = System.currentTimeMillis() - 3_600_000L;
            try (var files = Files.newDirectoryStream(dir, "*.jsa.tmp")) {
                for (Path f : files) {
                    if (Files.getLastModifiedTime(f).toMillis() < hourAgo) {
                        Files.deleteIfExists(f);
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // best effort
            }
        }

        List<String> jvmOptions() {
            if (archive != null && recording == null) {
                return List.of("-XX:SharedArchiveFile=" + archive.toAbsolutePath(), "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
            }
            if (recording != null) {
                // the parent watchdog is a Java agent: recording an archive with an agent needs the diagnostic switch
                return List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+AllowArchivingWithJavaAgent",
                        "-XX:ArchiveClassesAtExit=" + recording.toAbsolutePath(), "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
            }
            return List.of();
        }

        void afterExit(boolean cleanExit) {
            if (recording == null) {
                return;
            }
            try {
                if (cleanExit && Files.isRegularFile(recording) && Files.size(recording) > 0 && !Files.exists(archive)) {
                    Files.move(recording, archive, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException | RuntimeException ignored) {
                // another JVM won the race, or no archive: next run records again
            } finally {
                try {
                    Files.deleteIfExists(recording);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to
        }
        try {
            Files.deleteIfExists(workDir.resolve("registry.pid"));
        } catch (IOException ignored) {
            // best effort
        }
    }
}
