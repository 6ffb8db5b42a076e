package com.nusomi.devstack.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nusomi.devstack.DevStack;
import com.nusomi.devstack.internal.DevStackLogging;
import com.nusomi.devstack.internal.OwnProcesses;
import com.nusomi.devstack.internal.PortInUseException;
import com.nusomi.devstack.internal.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What {@code ./nusomi up|down|status} runs: the embedded infrastructure in this JVM and the seven services as
 * supervised child JVMs; stops services first and infrastructure last on Ctrl-C / SIGTERM. {@code up} and
 * {@code down} first stop whatever a crashed earlier run on the same home left running ({@link Leftovers}). Every
 * failure ends as one line on the terminal ({@link ErrorMessages}); the full trace goes to {@code logs/launcher.log}.
 */
public final class NusomiMain {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration LAUNCHER_STOP_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Held for the life of the launcher; a static so the channel is never collected (which would release it). */
    private static volatile FileLock homeLock;
    private static volatile LauncherLog log;

    private NusomiMain() {}

    public static void main(String[] args) {
        String command = args.length > 0 ? args[0] : "";
        Path root = Path.of(option(args, "--root").orElse(".")).toAbsolutePath().normalize();
        Path home = Path.of(option(args, "--home").orElse(".nusomi")).toAbsolutePath().normalize();
        boolean wipe = Stream.of(args).anyMatch("--wipe"::equals);
        log = new LauncherLog(home);
        int exit;
        try {
            exit = switch (command) {
                case "up" -> up(root, home, wipe);
                case "down" -> down(home, wipe);
                case "status" -> status(home);
                default -> {
                    System.err.println("usage: NusomiMain up|down|status --root <repo> --home <NUSOMI_HOME> [--wipe]");
                    yield 2;
                }
            };
        } catch (Throwable failure) {
            log.trace("./nusomi " + command + " failed", failure);
            System.out.flush();
            System.err.println("nusomi: " + ErrorMessages.oneLine(failure, home, log.file()));
            exit = failure instanceof UserError u ? u.exitCode() : 1;
        }
        System.exit(exit);
    }

    private static int up(Path root, Path home, boolean wipe) throws Exception {
        // the terminal shows the launcher's lines; what the servers and libraries log goes to logs/launcher.log
        DevStackLogging.quietEverything();
        DevStackLogging.toFile(log.file());
        RunDirectory run = new RunDirectory(home);
        homeLock = run.tryLock(Duration.ofSeconds(3)).orElseThrow(() -> busy(run, home));
        List<String> cleaned = Leftovers.stop(home);
        if (!cleaned.isEmpty()) {
            say("stopped what an earlier run that did not stop cleanly left running: " + String.join(", ", cleaned));
        }
        run.clear();
        if (wipe) {
            wipeData(home, run);
            say("wiped " + home);
        }
        Files.createDirectories(home);
        for (NusomiService service : NusomiService.values()) {
            Ports.requireFree(localPort(service), service.module(), service.portVariable());
        }
        Optional<JsonNode> previous = readCredentials(home);
        String operatorKey = previous.map(c -> c.path("operator_key").asText(null)).orElseGet(Credentials::newOperatorKey);
        run.writeLauncherPid();

        Instant started = Instant.now();
        run.writeStatus(new RunDirectory.Status(ProcessHandle.current().pid(), "starting", started, null, List.of()));
        Stopper stopper = new Stopper(run, home);
        Runtime.getRuntime().addShutdownHook(new Thread(stopper::stop, "nusomi-stop"));
        try {
            say("starting infrastructure (Kafka, schema registry, PostgreSQL, object store) under " + home);
            DevStack infra = DevStack.startLocal(home);
            stopper.infra = infra;
            say("infrastructure ready in " + infra.startupTime().toMillis() + " ms; starting the seven services");
            Platform platform = Platform.start(root, infra.settings().asQuarkusConfig(), NusomiMain::localPort, operatorKey,
                    home.resolve("services"), home.resolve("logs"), run.servicePidDir(), READY_TIMEOUT);
            stopper.platform = platform;

            String gatewayUrl = platform.gatewayUrl();
            String workspaceId = previous.map(c -> c.path("workspace_id").asText(null)).orElse(null);
            String adminKey = previous.map(c -> c.path("admin_key").asText(null)).orElse(null);
            if (adminKey == null || workspaceId == null) {
                JsonNode workspace = createDefaultWorkspace(gatewayUrl, operatorKey);
                workspaceId = workspace.path("id").asText();
                adminKey = workspace.path("admin_key").asText();
            }
            new Credentials(gatewayUrl, operatorKey, adminKey, workspaceId, infra.settings()).write(home);

            stopper.supervisor = Supervisor.watch(platform, RestartPolicy.DEFAULT, READY_TIMEOUT,
                    table -> writeStatus(run, "running", started, gatewayUrl, table), NusomiMain::warn);

            say("ready in " + Duration.between(started, Instant.now()).toSeconds() + " s");
            System.out.println();
            System.out.println("  gateway      " + gatewayUrl);
            System.out.println("  credentials  " + home.resolve(Credentials.FILE) + "  (operator key, admin key of workspace " + workspaceId + ")");
            System.out.println("  logs         " + home.resolve("logs"));
            System.out.println();
            System.out.println("Ctrl-C (or ./nusomi down) stops everything; ./nusomi status shows each service; data stays in " + home + ".");
            System.out.flush();
        } catch (Throwable failure) {
            stopper.stop(); // before the error line, so it is the last thing printed
            throw failure;
        }
        new CountDownLatch(1).await(); // services are supervised; the shutdown hook ends this JVM
        return 0;
    }

    private static void writeStatus(RunDirectory run, String phase, Instant started, String gatewayUrl,
                                    List<ServiceStatus> table) {
        try {
            run.writeStatus(new RunDirectory.Status(ProcessHandle.current().pid(), phase, started, gatewayUrl, table));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Optional<JsonNode> readCredentials(Path home) {
        try {
            return Credentials.read(home);
        } catch (IOException e) {
            throw new UserError(home.resolve(Credentials.FILE) + " is damaged (" + e.getClass().getSimpleName()
                    + "): delete it to get a new default workspace and keys, or ./nusomi up --wipe to start afresh", 1, e);
        }
    }

    private static UserError busy(RunDirectory run, Path home) {
        return run.launcher()
                .map(p -> new UserError("already running for " + home + " (pid " + p.pid() + "); ./nusomi down stops it"))
                .orElseGet(() -> new UserError("another ./nusomi command is working on " + home + "; try again in a moment"));
    }

    /** Deletes the data under {@code home} but not {@code run/}, whose lock this launcher holds. */
    private static void wipeData(Path home, RunDirectory run) throws IOException {
        if (!Files.isDirectory(home)) {
            return;
        }
        try (Stream<Path> children = Files.list(home)) {
            for (Path child : children.toList()) {
                if (!child.equals(run.dir())) {
                    deleteTree(child);
                }
            }
        }
    }

    private static JsonNode createDefaultWorkspace(String gatewayUrl, String operatorKey) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/workspaces"))
                .header("Authorization", "Bearer " + operatorKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"default\"}")).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IOException("creating the default workspace failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static Optional<String> option(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (name.equals(args[i])) {
                return Optional.of(args[i + 1]);
            }
        }
        return Optional.empty();
    }

    static int localPort(NusomiService service) {
        return Ports.configured(service.portVariable(), service.defaultPort());
    }

    private static int down(Path home, boolean wipe) throws Exception {
        if (!Files.isDirectory(home)) {
            System.out.println("nusomi: not running for " + home + " (no such directory)");
            return 0;
        }
        RunDirectory run = new RunDirectory(home);
        Optional<FileLock> lock = run.tryLock(Duration.ZERO);
        boolean stoppedLauncher = false;
        if (lock.isEmpty()) {
            Optional<ProcessHandle> launcher = run.launcher();
            if (launcher.isPresent()) {
                stopLauncher(launcher.get());
                stoppedLauncher = true;
            }
            lock = run.tryLock(Duration.ofSeconds(10));
            if (lock.isEmpty()) {
                throw busy(run, home);
            }
        }
        homeLock = lock.get();
        List<String> cleaned = Leftovers.stop(home);
        run.clear();
        if (!cleaned.isEmpty()) {
            say("stopped what " + (stoppedLauncher ? "the launcher" : "an earlier run that did not stop cleanly")
                    + " left running: " + String.join(", ", cleaned));
        } else if (!stoppedLauncher) {
            say("not running for " + home);
        }
        if (wipe) {
            wipeData(home, run);
            say("wiped " + home);
        }
        return 0;
    }

    /** SIGTERM (the launcher's own orderly stop), then SIGKILL after a generous wait; the cleanup follows. */
    private static void stopLauncher(ProcessHandle launcher) throws InterruptedException {
        say("stopping (pid " + launcher.pid() + ")…");
        launcher.destroy();
        try {
            launcher.onExit().get(LAUNCHER_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            say("stopped");
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            say("the launcher did not stop within " + LAUNCHER_STOP_TIMEOUT.toSeconds() + " s; killing it");
            launcher.destroyForcibly();
            launcher.onExit().completeOnTimeout(launcher, 10, TimeUnit.SECONDS).join();
        }
    }

    private static int status(Path home) throws Exception {
        RunDirectory run = new RunDirectory(home);
        Optional<ProcessHandle> launcher = run.launcher();
        if (launcher.isPresent() && run.isLocked()) {
            Optional<RunDirectory.Status> status = run.readStatus();
            Instant started = status.map(RunDirectory.Status::startedAt)
                    .orElseGet(() -> launcher.get().info().startInstant().orElse(Instant.now()));
            String phase = status.map(RunDirectory.Status::phase).orElse("starting");
            System.out.println("nusomi: " + phase + " for " + home + " (launcher pid " + launcher.get().pid() + ", since " + clock(started) + ")"
                    + status.map(RunDirectory.Status::gatewayUrl).map(u -> "; gateway " + u).orElse(""));
            List<ServiceStatus> services = status.map(RunDirectory.Status::services).orElse(List.of());
            if (!services.isEmpty()) {
                System.out.println(table(services));
            }
            return 0;
        }
        List<OwnProcesses.Leftover> leftovers = Leftovers.find(home);
        if (!leftovers.isEmpty()) {
            System.out.println("nusomi: not running for " + home + ", but an earlier run left "
                    + String.join(", ", leftovers.stream().map(OwnProcesses.Leftover::describe).toList())
                    + " running: ./nusomi down (or ./nusomi up) stops them");
        } else {
            System.out.println("nusomi: not running for " + home);
        }
        return 3;
    }

    /** The status table: service, state, pid, port, restarts, since. */
    static String table(List<ServiceStatus> services) {
        StringBuilder out = new StringBuilder(String.format("  %-18s %-11s %8s %6s %9s  %s%n",
                "SERVICE", "STATE", "PID", "PORT", "RESTARTS", "SINCE"));
        for (ServiceStatus s : services) {
            out.append(String.format("  %-18s %-11s %8d %6d %9d  %s%n", s.name(), s.state().label(), s.pid(), s.port(),
                    s.restarts(), clock(s.since())));
        }
        return out.toString().stripTrailing();
    }

    private static String clock(Instant instant) {
        return LocalTime.ofInstant(instant, ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void say(String line) {
        System.out.println("nusomi: " + line);
        System.out.flush();
        if (log != null) {
            log.line(line);
        }
    }

    private static void warn(String line) {
        System.err.println("nusomi: " + line);
        System.err.flush();
        if (log != null) {
            log.line(line);
        }
    }

    /** Shutdown order: supervisor (no more restarts), services, infrastructure, any stray child, then the run files. */
    private static final class Stopper {
        private final RunDirectory run;
        private final Path home;
        volatile Supervisor supervisor;
        volatile Platform platform;
        volatile DevStack infra;
        private boolean done;

        Stopper(RunDirectory run, Path home) {
            this.run = run;
            this.home = home;
        }

        synchronized void stop() {
            if (done) {
                return;
            }
            done = true;
            if (supervisor != null) {
                supervisor.close();
            }
            if (platform != null) {
                say("stopping services…");
                platform.close();
            }
            if (infra != null) {
                say("stopping infrastructure…");
                try {
                    infra.close();
                } catch (RuntimeException e) {
                    log.trace("stopping the infrastructure", e);
                }
            }
            // stopped during the start (Ctrl-C, ./nusomi down): what was spawned but not yet handed over
            try {
                Leftovers.stop(home);
            } catch (RuntimeException e) {
                log.trace("stopping what the start had spawned", e);
            }
            try {
                run.clear();
            } catch (IOException ignored) {
                // the next up checks every pid again anyway
            }
            if (platform != null || infra != null) {
                say("stopped; data kept in " + home);
            }
        }
    }
}
