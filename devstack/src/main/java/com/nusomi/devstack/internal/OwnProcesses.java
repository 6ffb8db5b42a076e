package com.nusomi.devstack.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Processes a crashed run may have left behind. A pid read from a file is only signalled after its command line
 * proves it is ours: a pid of a run that ended long ago may have been reused by an unrelated program.
 */
public final class OwnProcesses {
    private OwnProcesses() {}

    /** How a process asks to be stopped: the signals tried in turn, each given its grace period, then SIGKILL. */
    public record Stop(List<String> signals, Duration grace) {
        /** A JVM: SIGTERM runs its shutdown hooks. */
        public static final Stop JVM = new Stop(List.of("TERM"), Duration.ofSeconds(20));
        /** PostgreSQL: SIGINT is its "fast" shutdown, SIGQUIT its "immediate" one (crash recovery on next start). */
        public static final Stop POSTGRES = new Stop(List.of("INT", "QUIT"), Duration.ofSeconds(20));
    }

    /** A process of an earlier run, found by its pid file or command line, and how to stop it. */
    public record Leftover(String what, ProcessHandle process, Stop how) {
        /** e.g. "PostgreSQL (pid 123)" */
        public String describe() {
            return what + " (pid " + process.pid() + ")";
        }

        /** True when it is gone. */
        public boolean stop() {
            return OwnProcesses.stop(process, how);
        }
    }

    /** Live processes (other than this one) whose command line satisfies {@code isOurs}; reads /proc where there is one. */
    public static List<ProcessHandle> find(Predicate<String> isOurs) {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(h -> h.pid() != self && h.isAlive())
                .filter(h -> procCmdline(h.pid()).or(() -> h.info().commandLine()).filter(isOurs).isPresent())
                .toList();
    }

    /** The full command line of a live process, or empty when it is gone or cannot be read. */
    public static Optional<String> commandLine(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> line = procCmdline(pid).or(() -> handle.get().info().commandLine());
        if (line.isPresent() && !line.get().isBlank()) {
            return line;
        }
        return ps(pid);
    }

    /** Linux: /proc/<pid>/cmdline, NUL-separated, never truncated. */
    private static Optional<String> procCmdline(long pid) {
        Path file = Path.of("/proc", Long.toString(pid), "cmdline");
        try {
            if (!Files.isReadable(file)) {
                return Optional.empty();
            }
            String raw = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace('\0', ' ').trim();
            return raw.isEmpty() ? Optional.empty() : Optional.of(raw);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Elsewhere (macOS): {@code ps -o args=}. */
    private static Optional<String> ps(long pid) {
        try {
            Process ps = new ProcessBuilder("ps", "-ww", "-o", "args=", "-p", Long.toString(pid))
                    .redirectErrorStream(true).start();
            String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return ps.waitFor(5, TimeUnit.SECONDS) && ps.exitValue() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The live process {@code pid} if its command line satisfies {@code isOurs}. */
    public static Optional<ProcessHandle> ours(long pid, Predicate<String> isOurs) {
        if (pid <= 0 || pid == ProcessHandle.current().pid()) {
            return Optional.empty();
        }
        return commandLine(pid).filter(isOurs).flatMap(c -> ProcessHandle.of(pid)).filter(ProcessHandle::isAlive);
    }

    /** The pid on the first line of {@code pidFile} (PostgreSQL's postmaster.pid has more lines), if readable. */
    public static Optional<Long> readPid(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Stops {@code process}: each signal of {@code how} with its grace period, then SIGKILL. True when it is gone. */
    public static boolean stop(ProcessHandle process, Stop how) {
        for (String signal : how.signals()) {
            if (!process.isAlive()) {
                return true;
            }
            if ("TERM".equals(signal)) {
                process.destroy();
            } else {
                signal(process.pid(), signal);
            }
            if (awaitExit(process, how.grace())) {
                return true;
            }
        }
        process.destroyForcibly();
        return awaitExit(process, Duration.ofSeconds(10));
    }

    private static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill(1): the escalation ends in destroyForcibly
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !process.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
