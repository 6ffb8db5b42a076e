package com.nusomi.devstack.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nusomi.devstack.DevStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What {@code ./nusomi up|down|status} runs: the embedded infrastructure in this JVM and the seven services as child
 * JVMs; stops services first and infrastructure last on Ctrl-C / SIGTERM.
 */
public final class NusomiMain {
    private static final String PID_FILE = "nusomi.pid";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    private NusomiMain() {}

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "";
        Path root = Path.of(option(args, "--root").orElse(".")).toAbsolutePath().normalize();
        Path home = Path.of(option(args, "--home").orElse(".nusomi")).toAbsolutePath().normalize();
        boolean wipe = Stream.of(args).anyMatch("--wipe"::equals);
        int exit = switch (command) {
            case "up" -> up(root, home, wipe);
            case "down" -> down(home, wipe);
            case "status" -> status(home);
            default -> {
                System.err.println("usage: NusomiMain up|down|status --root <repo> --home <NUSOMI_HOME> [--wipe]");
                yield 2;
            }
        };
        System.exit(exit);
    }

    private static int up(Path root, Path home, boolean wipe) throws Exception {
        Optional<ProcessHandle> running = runningLauncher(home);
        if (running.isPresent()) {
            System.err.println("nusomi: already running for " + home + " (pid " + running.get().pid() + "); ./nusomi down stops it");
            return 1;
        }
        if (wipe) {
            deleteTree(home);
            say("wiped " + home);
        }
        Files.createDirectories(home);
        Files.writeString(home.resolve(PID_FILE), Long.toString(ProcessHandle.current().pid()));
        Optional<JsonNode> previous = Credentials.read(home);
        String operatorKey = previous.map(c -> c.path("operator_key").asText(null)).orElseGet(Credentials::newOperatorKey);

        Instant started = Instant.now();
        Stopper stopper = new Stopper(home);
        Runtime.getRuntime().addShutdownHook(new Thread(stopper::stop, "nusomi-stop"));

        say("starting infrastructure (Kafka, schema registry, PostgreSQL, object store) under " + home);
        DevStack infra = DevStack.startLocal(home);
        stopper.infra = infra;
        say("infrastructure ready in " + infra.startupTime().toMillis() + " ms; starting the seven services");
        Platform platform = Platform.start(root, infra.settings().asQuarkusConfig(), NusomiMain::localPort, operatorKey,
                home.resolve("services"), home.resolve("logs"), READY_TIMEOUT);
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

        say("ready in " + Duration.between(started, Instant.now()).toSeconds() + " s");
        System.out.println();
        System.out.println("  gateway      " + gatewayUrl);
        System.out.println("  credentials  " + home.resolve(Credentials.FILE) + "  (operator key, admin key of workspace " + workspaceId + ")");
        System.out.println("  logs         " + home.resolve("logs"));
        System.out.println();
        System.out.println("Ctrl-C (or ./nusomi down) stops everything; data stays in " + home + ".");
        System.out.flush();
        watch(platform);
        return 0;
    }

    /** Blocks until shutdown; reports a service that dies on its own. */
    private static void watch(Platform platform) throws InterruptedException {
        CountDownLatch forever = new CountDownLatch(1);
        while (!forever.await(2, TimeUnit.SECONDS)) {
            for (ServiceProcess p : platform.processes()) {
                if (!p.isAlive()) {
                    System.err.println("nusomi: " + p.name() + " stopped unexpectedly; its log: " + p.log() + "\n" + p.tail(20));
                    System.exit(1);
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
        String configured = System.getenv(service.portVariable());
        return configured != null && !configured.isBlank() ? Integer.parseInt(configured.trim()) : service.defaultPort();
    }

    private static int down(Path home, boolean wipe) throws Exception {
        Optional<ProcessHandle> running = runningLauncher(home);
        if (running.isEmpty()) {
            say("not running for " + home);
        } else {
            ProcessHandle launcher = running.get();
            say("stopping (pid " + launcher.pid() + ")…");
            launcher.destroy();
            launcher.onExit().get(120, TimeUnit.SECONDS);
            say("stopped");
        }
        if (wipe) {
            deleteTree(home);
            say("wiped " + home);
        }
        return 0;
    }

    private static int status(Path home) throws IOException {
        Optional<ProcessHandle> running = runningLauncher(home);
        if (running.isEmpty()) {
            say("not running for " + home);
            return 3;
        }
        say("running (pid " + running.get().pid() + ")");
        Credentials.read(home).ifPresent(c -> say("gateway " + c.path("gateway_url").asText()));
        return 0;
    }

    private static Optional<ProcessHandle> runningLauncher(Path home) throws IOException {
        Path pidFile = home.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    // a recycled pid belongs to some other program: ours is a java process (its full command line may be cut)
                    .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(true));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
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
    }

    /** Shutdown order: services, then infrastructure, then the pid file. */
    private static final class Stopper {
        private final Path home;
        volatile Platform platform;
        volatile DevStack infra;

        Stopper(Path home) {
            this.home = home;
        }

        void stop() {
            if (platform != null) {
                say("stopping services…");
                platform.close();
            }
            if (infra != null) {
                say("stopping infrastructure…");
                infra.close();
            }
            try {
                Files.deleteIfExists(home.resolve(PID_FILE));
            } catch (IOException ignored) {
                // the next up checks whether the pid is alive anyway
            }
            say("stopped; data kept in " + home);
        }
    }
}
