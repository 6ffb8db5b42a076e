package com.nusomi.devstack.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What a devstack JVM killed without running its shutdown hooks leaves behind: a PostgreSQL daemon ({@code pg_ctl}
 * detaches it) and, for a few seconds, the registry child. {@link #stopLeftovers(Path)} stops both for a data
 * directory (the local run's home); temporary test stacks record their owner's pid and the next test stack on the
 * machine stops what a dead owner left and deletes its directory.
 */
public final class StaleStacks {
    public static final String PREFIX = "nusomi-devstack-";
    /** The system property on the registry's command line that names its work directory (our ownership mark). */
    public static final String REGISTRY_MARK = "-Dnusomi.devstack.registry.workdir=";
    private static final String OWNER_FILE = "owner.pid";

    private StaleStacks() {}

    public static void claim(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
    }

    /**
     * The registry and PostgreSQL still running on {@code dataDir} ({@code registry/}, {@code postgres/}), in stop
     * order: found through their pid files, then by command line (a crash between spawn and pid file). Only processes
     * whose command line names this data directory count.
     */
    public static List<OwnProcesses.Leftover> findLeftovers(Path dataDir) {
        Path abs = dataDir.toAbsolutePath().normalize();
        Predicate<String> registry = cmd -> hasArgument(cmd, REGISTRY_MARK + abs.resolve("registry"));
        Predicate<String> postgres = cmd -> isPostgresOn(cmd, abs.resolve("postgres"));
        Map<Long, OwnProcesses.Leftover> found = new LinkedHashMap<>();
        OwnProcesses.readPid(abs.resolve("registry/registry.pid")).flatMap(pid -> OwnProcesses.ours(pid, registry))
                .ifPresent(h -> found.put(h.pid(), new OwnProcesses.Leftover("schema registry", h, OwnProcesses.Stop.JVM)));
        OwnProcesses.find(registry)
                .forEach(h -> found.putIfAbsent(h.pid(), new OwnProcesses.Leftover("schema registry", h, OwnProcesses.Stop.JVM)));
        OwnProcesses.readPid(abs.resolve("postgres/postmaster.pid")).flatMap(pid -> OwnProcesses.ours(pid, postgres))
                .ifPresent(h -> found.put(h.pid(), new OwnProcesses.Leftover("PostgreSQL", h, OwnProcesses.Stop.POSTGRES)));
        OwnProcesses.find(postgres).stream()
                // a postmaster's own children (checkpointer, walwriter …) rename themselves; only its parent counts
                .filter(h -> h.parent().map(p -> !found.containsKey(p.pid())).orElse(true))
                .forEach(h -> found.putIfAbsent(h.pid(), new OwnProcesses.Leftover("PostgreSQL", h, OwnProcesses.Stop.POSTGRES)));
        return new ArrayList<>(found.values());
    }

    /**
     * Stops what {@link #findLeftovers(Path)} finds (registry first, PostgreSQL last) and removes their stale pid
     * files (PostgreSQL refuses to start while the pid in its file belongs to any live process). Returns what it
     * stopped, e.g. {@code "PostgreSQL (pid 123)"}.
     */
    public static List<String> stopLeftovers(Path dataDir) {
        List<String> stopped = new ArrayList<>();
        for (OwnProcesses.Leftover leftover : findLeftovers(dataDir)) {
            leftover.stop();
            stopped.add(leftover.describe());
        }
        Path abs = dataDir.toAbsolutePath().normalize();
        deleteQuietly(abs.resolve("registry/registry.pid"));
        removeStalePostmasterPid(abs.resolve("postgres"));
        return stopped;
    }

    /** The registry of {@code <workDir>/registry.pid}, if it still runs; returns its pid. */
    public static Optional<Long> stopRegistry(Path workDir) {
        Path abs = workDir.toAbsolutePath().normalize();
        Path pidFile = abs.resolve("registry.pid");
        Optional<Long> stopped = OwnProcesses.readPid(pidFile)
                .flatMap(pid -> OwnProcesses.ours(pid, cmd -> hasArgument(cmd, REGISTRY_MARK + abs)))
                .map(h -> {
                    OwnProcesses.stop(h, OwnProcesses.Stop.JVM);
                    return h.pid();
                });
        deleteQuietly(pidFile);
        return stopped;
    }

    /** The PostgreSQL server of {@code <dataDir>/postmaster.pid}, if it still runs on this directory; returns its pid. */
    public static Optional<Long> stopPostgres(Path dataDir) {
        Path abs = dataDir.toAbsolutePath().normalize();
        Optional<Long> stopped = OwnProcesses.readPid(abs.resolve("postmaster.pid"))
                .flatMap(pid -> OwnProcesses.ours(pid, cmd -> isPostgresOn(cmd, abs)))
                .map(h -> {
                    OwnProcesses.stop(h, OwnProcesses.Stop.POSTGRES);
                    return h.pid();
                });
        removeStalePostmasterPid(abs);
        return stopped;
    }

    private static void removeStalePostmasterPid(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        OwnProcesses.readPid(pidFile).ifPresent(pid -> {
            if (OwnProcesses.ours(pid, cmd -> isPostgresOn(cmd, dataDir)).isEmpty()) {
                deleteQuietly(pidFile);
            }
        });
    }

    /** A postmaster's command line: {@code <bin>/postgres -D <dataDir> -p <port> …}. */
    static boolean isPostgresOn(String commandLine, Path dataDir) {
        String first = commandLine.strip().split("\\s+", 2)[0];
        if (!first.endsWith("postgres")) {
            return false;
        }
        if (hasArgument(commandLine, dataDir.toString())) {
            return true;
        }
        try {
            return Files.exists(dataDir) && hasArgument(commandLine, dataDir.toRealPath().toString());
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code argument} appears as a whole word of {@code commandLine}. */
    public static boolean hasArgument(String commandLine, String argument) {
        return (" " + commandLine.strip() + " ").contains(" " + argument + " ");
    }

    /** Cleans every {@code nusomi-devstack-*} sibling of {@code dataDir} whose owner is gone. Best effort. */
    public static void reapSiblings(Path dataDir) {
        Path parent = dataDir.toAbsolutePath().getParent();
        if (parent == null) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path dir : dirs) {
                if (!dir.equals(dataDir.toAbsolutePath()) && Files.isDirectory(dir) && ownerGone(dir)) {
                    reap(dir);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    private static boolean ownerGone(Path dir) {
        Path owner = dir.resolve(OWNER_FILE);
        if (!Files.isRegularFile(owner)) {
            return false;
        }
        return OwnProcesses.readPid(owner).map(pid -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true))
                .orElse(false);
    }

    private static void reap(Path dir) {
        stopLeftovers(dir);
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the next start checks the pid again
        }
    }
}
