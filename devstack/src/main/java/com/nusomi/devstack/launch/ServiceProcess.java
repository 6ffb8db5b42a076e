package com.nusomi.devstack.launch;

import com.nusomi.devstack.ApicurioDistribution;
import com.nusomi.devstack.internal.ParentWatchdog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One Nusomi service running as a child JVM from its Quarkus fast-jar, logging to a file. The child carries the
 * {@link ParentWatchdog} agent, so it exits when the JVM that started it is gone (even after SIGKILL); with a pid
 * directory it records its pid there as {@code <name>.pid} for the cleanup after a crash.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Everything needed to start the same service again. */
    private record Spec(Path root, String name, int port, List<String> command, Map<String, String> environment,
                        Path log, Path pidFile) {}

    private final Spec spec;
    private final Process process;
    private final Instant startedAt = Instant.now();

    private ServiceProcess(Spec spec, Process process) {
        this.spec = spec;
        this.process = process;
    }

    /**
     * Starts {@code <root>/<name>/target/quarkus-app/quarkus-run.jar}.
     *
     * @param properties passed as {@code -Dkey=value}
     * @param environment added to the child's environment (secrets go here, not on the command line)
     */
    public static ServiceProcess start(Path root, String name, int port, List<String> jvmOptions,
                                       Map<String, String> properties, Map<String, String> environment, Path logDir)
            throws IOException {
        return start(root, name, port, jvmOptions, properties, environment, logDir, null);
    }

    /** As above; {@code pidDir} (may be null) receives {@code <name>.pid} while the child runs. */
    public static ServiceProcess start(Path root, String name, int port, List<String> jvmOptions,
                                       Map<String, String> properties, Map<String, String> environment, Path logDir,
                                       Path pidDir) throws IOException {
        Path jar = jar(root, name);
        if (!Files.isRegularFile(jar)) {
            throw new UserError(name + " is not built (" + jar + " is missing): ./nusomi up --rebuild builds it");
        }
        Files.createDirectories(logDir);
        List<String> command = new ArrayList<>();
        command.add(currentJava());
        command.add("-javaagent:" + ParentWatchdog.agentJar(ApicurioDistribution.cacheDir()).toAbsolutePath()
                + "=" + ProcessHandle.current().pid());
        command.addAll(jvmOptions);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(jar.toString());
        Path pidFile = pidDir == null ? null : pidDir.resolve(name + ".pid");
        return spawn(new Spec(root, name, port, List.copyOf(command), Map.copyOf(environment),
                logDir.resolve(name + ".log"), pidFile));
    }

    /** Where the launcher expects a service's fast-jar. */
    public static Path jar(Path root, String name) {
        return root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private static ServiceProcess spawn(Spec spec) throws IOException {
        var builder = new ProcessBuilder(spec.command())
                .directory(spec.root().resolve(spec.name()).toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.log().toFile()));
        builder.environment().putAll(spec.environment());
        Process process = builder.start();
        if (spec.pidFile() != null) {
            Files.createDirectories(spec.pidFile().getParent());
            Files.writeString(spec.pidFile(), Long.toString(process.pid()));
        }
        return new ServiceProcess(spec, process);
    }

    /** The same service started again (after this one exited), with the same command, environment and log. */
    public ServiceProcess restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(spec.name() + " is still running (pid " + process.pid() + ")");
        }
        return spawn(spec);
    }

    static String currentJava() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public String name() {
        return spec.name();
    }

    public int port() {
        return spec.port();
    }

    public Path log() {
        return spec.log();
    }

    public String url() {
        return "http://127.0.0.1:" + spec.port();
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Completes with the exit code when the child ends. */
    public CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** True once {@code /q/health/ready} answers 200. */
    public boolean isReady() {
        try {
            var request = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(2)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until ready; fails early if the process dies, with the tail of its log. */
    public void awaitReady(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new ServiceStartException(spec.name(), spec.log(), name() + " exited with code " + process.exitValue()
                        + " before it was ready; its log: " + spec.log() + "\n" + tail(40));
            }
            if (isReady()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new ServiceStartException(spec.name(), spec.log(), name() + " was not ready within " + timeout.toSeconds()
                + " s; its log: " + spec.log() + "\n" + tail(40));
    }

    /** The last lines of the service's log. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(spec.log());
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, a grace period for Quarkus' orderly shutdown, then SIGKILL. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        forgetPid();
    }

    /** Removes the pid file once the child is gone (and only if it still names this child). */
    void forgetPid() {
        if (spec.pidFile() == null || process.isAlive()) {
            return;
        }
        try {
            if (Files.isRegularFile(spec.pidFile())
                    && Files.readString(spec.pidFile()).trim().equals(Long.toString(process.pid()))) {
                Files.deleteIfExists(spec.pidFile());
            }
        } catch (IOException ignored) {
            // the next cleanup checks the pid's command line anyway
        }
    }
}
