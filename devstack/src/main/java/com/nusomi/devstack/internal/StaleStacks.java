package com.nusomi.devstack.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Temporary test stacks whose JVM was killed without running its shutdown hooks leave a PostgreSQL daemon (and,
 * briefly, a registry) behind. Each temporary stack records its owner's pid; the next test stack on the machine
 * stops what a dead owner left and deletes its directory.
 */
public final class StaleStacks {
    public static final String PREFIX = "nusomi-devstack-";
    private static final String OWNER_FILE = "owner.pid";

    private StaleStacks() {}

    public static void claim(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
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
        try {
            long pid = Long.parseLong(Files.readString(owner).trim());
            return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static void reap(Path dir) {
        stop(dir.resolve("registry/registry.pid"), "quarkus-run.jar", null);
        stop(dir.resolve("postgres/postmaster.pid"), "postgres", "-INT");
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    private static void stop(Path pidFile, String expectedCommandPart, String signal) {
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            var handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> {
                        String cmd = h.info().commandLine().orElse(h.info().command().orElse(""));
                        return cmd.isEmpty() || cmd.contains(expectedCommandPart) || cmd.contains("java");
                    });
            if (handle.isEmpty()) {
                return;
            }
            if (signal != null) {
                new ProcessBuilder(List.of("kill", signal, Long.toString(pid))).start().waitFor(5, TimeUnit.SECONDS);
            } else {
                handle.get().destroy();
            }
            try {
                handle.get().onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.get().destroyForcibly();
            }
        } catch (Exception ignored) {
            // best effort
        }
    }
}
