package com.nusomi.devstack.launch;

import com.nusomi.devstack.DevStackOptions;
import com.nusomi.devstack.internal.Ports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code NusomiMain} run the way {@code ./nusomi} runs it: a JVM of its own, its output (stdout + stderr) collected. */
final class LauncherProcess implements AutoCloseable {
    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final Thread reader;

    private LauncherProcess(Process process) {
        this.process = process;
        this.reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                        output.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
    }

    /** Free ports for all six infrastructure components and the seven services, under their variables. */
    static Map<String, String> freePorts() {
        List<String> variables = new ArrayList<>(List.of(DevStackOptions.ENV_KAFKA_PORT,
                DevStackOptions.ENV_KAFKA_CONTROLLER_PORT, DevStackOptions.ENV_REGISTRY_PORT,
                DevStackOptions.ENV_REGISTRY_MANAGEMENT_PORT, DevStackOptions.ENV_S3_PORT,
                DevStackOptions.ENV_POSTGRES_PORT));
        for (NusomiService service : NusomiService.values()) {
            variables.add(service.portVariable());
        }
        int[] ports = Ports.free(variables.size());
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < ports.length; i++) {
            env.put(variables.get(i), Integer.toString(ports[i]));
        }
        return env;
    }

    static LauncherProcess start(Path root, Path home, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ServiceProcess.currentJava(), "-Xmx512m",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-cp", System.getProperty("java.class.path")));
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        String repo = System.getProperty("maven.repo.local");
        if (repo != null) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        command.add(NusomiMain.class.getName());
        command.addAll(List.of(args));
        command.addAll(List.of("--root", root.toString(), "--home", home.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("NUSOMI_"));
        builder.environment().putAll(env);
        return new LauncherProcess(builder.start());
    }

    /** Runs a command to its end (e.g. status, down); returns its exit code. */
    static LauncherProcess run(Path root, Path home, Map<String, String> env, String... args) throws Exception {
        LauncherProcess p = start(root, home, env, args);
        if (!p.process.waitFor(3, TimeUnit.MINUTES)) {
            p.close();
            throw new AssertionError("./nusomi " + String.join(" ", args) + " did not end; output:\n" + p.output());
        }
        p.reader.join(Duration.ofSeconds(10));
        return p;
    }

    /** Waits for a line starting with {@code prefix}; fails with the output if the process ends or time runs out. */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (true) {
                for (String line : output) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !reader.isAlive()) {
                    throw new AssertionError("no line starting with '" + prefix + "' (alive: " + process.isAlive()
                            + "); output:\n" + String.join("\n", output));
                }
                output.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 500));
            }
        }
    }

    int exitCode() {
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    List<String> lines() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    String output() {
        return String.join("\n", lines());
    }

    /** SIGKILL, as the OOM killer or a closed terminal does: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
