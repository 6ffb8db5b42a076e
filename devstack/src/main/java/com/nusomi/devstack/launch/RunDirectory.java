package com.nusomi.devstack.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.devstack.internal.OwnProcesses;
import com.nusomi.devstack.internal.StaleStacks;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code $NUSOMI_HOME/run/}: what a running launcher leaves for the next command, and what a crashed one leaves
 * for the cleanup. {@code launcher.lock} is held (an OS file lock, released even on SIGKILL) by whichever
 * {@code ./nusomi} owns the home; {@code launcher.pid} names the launcher; {@code services/<module>.pid} each
 * service child; {@code status.json} what {@code ./nusomi status} prints.
 */
public final class RunDirectory {
    public static final String LAUNCHER_CLASS = NusomiMain.class.getName();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path home;
    private final Path dir;

    public RunDirectory(Path home) {
        this.home = home.toAbsolutePath().normalize();
        this.dir = this.home.resolve("run");
    }

    public Path dir() {
        return dir;
    }

    public Path servicePidDir() {
        return dir.resolve("services");
    }

    public Path statusFile() {
        return dir.resolve("status.json");
    }

    private Path launcherPidFile() {
        return dir.resolve("launcher.pid");
    }

    /** The home's lock, if no other ./nusomi holds it; waits up to {@code patience} for a short-lived holder. */
    public Optional<FileLock> tryLock(Duration patience) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve("launcher.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return Optional.of(lock);
                }
            } catch (OverlappingFileLockException e) {
                // held by this JVM already
            }
            if (System.nanoTime() > deadline) {
                channel.close();
                return Optional.empty();
            }
            Thread.sleep(200);
        }
    }

    /** Whether some ./nusomi holds the home's lock right now (taken and released at once when free). */
    public boolean isLocked() throws IOException, InterruptedException {
        Optional<FileLock> lock = tryLock(Duration.ZERO);
        if (lock.isPresent()) {
            lock.get().channel().close();
            return false;
        }
        return true;
    }

    public void writeLauncherPid() throws IOException {
        Files.createDirectories(dir);
        write(launcherPidFile(), Long.toString(ProcessHandle.current().pid()));
    }

    /** The launcher named by launcher.pid, if alive and really the Nusomi launcher of this home. */
    public Optional<ProcessHandle> launcher() {
        return OwnProcesses.readPid(launcherPidFile()).flatMap(pid -> OwnProcesses.ours(pid, this::isLauncherOfThisHome));
    }

    /** {@code … NusomiMain up … --home <home>}, the home given absolute (the script makes it so). */
    boolean isLauncherOfThisHome(String commandLine) {
        if (!commandLine.contains(LAUNCHER_CLASS)) {
            return false;
        }
        if (StaleStacks.hasArgument(commandLine, "--home " + home)) {
            return true;
        }
        String[] words = commandLine.strip().split("\\s+");
        for (int i = 0; i < words.length - 1; i++) {
            if ("--home".equals(words[i]) && Path.of(words[i + 1]).isAbsolute()
                    && Path.of(words[i + 1]).normalize().equals(home)) {
                return true;
            }
        }
        return false;
    }

    public boolean hasLauncherPid() {
        return Files.exists(launcherPidFile());
    }

    /** Removes launcher.pid, status.json and the service pid files (a clean stop, or after the cleanup of a crash). */
    public void clear() throws IOException {
        Files.deleteIfExists(launcherPidFile());
        Files.deleteIfExists(statusFile());
        if (Files.isDirectory(servicePidDir())) {
            try (var files = Files.newDirectoryStream(servicePidDir(), "*.pid")) {
                for (Path f : files) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** The launcher's view of the run, for {@code ./nusomi status}. */
    public record Status(long launcherPid, String phase, Instant startedAt, String gatewayUrl, List<ServiceStatus> services) {}

    public void writeStatus(Status status) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("launcher_pid", status.launcherPid());
        root.put("phase", status.phase());
        root.put("started_at", status.startedAt().toString());
        root.put("gateway_url", status.gatewayUrl());
        root.put("updated_at", Instant.now().toString());
        ArrayNode services = root.putArray("services");
        for (ServiceStatus s : status.services()) {
            ObjectNode n = services.addObject();
            n.put("name", s.name());
            n.put("state", s.state().label());
            n.put("pid", s.pid());
            n.put("port", s.port());
            n.put("restarts", s.restarts());
            n.put("since", s.since().toString());
        }
        Files.createDirectories(dir);
        write(statusFile(), JSON.writeValueAsString(root));
    }

    public Optional<Status> readStatus() {
        try {
            if (!Files.isRegularFile(statusFile())) {
                return Optional.empty();
            }
            JsonNode root = JSON.readTree(statusFile().toFile());
            List<ServiceStatus> services = new ArrayList<>();
            for (JsonNode n : root.path("services")) {
                services.add(new ServiceStatus(n.path("name").asText(),
                        ServiceState.valueOf(n.path("state").asText("down").toUpperCase(java.util.Locale.ROOT)),
                        n.path("pid").asLong(), n.path("port").asInt(), n.path("restarts").asInt(),
                        Instant.parse(n.path("since").asText(Instant.EPOCH.toString()))));
            }
            return Optional.of(new Status(root.path("launcher_pid").asLong(), root.path("phase").asText(),
                    Instant.parse(root.path("started_at").asText(Instant.EPOCH.toString())),
                    root.path("gateway_url").asText(null), services));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void write(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
