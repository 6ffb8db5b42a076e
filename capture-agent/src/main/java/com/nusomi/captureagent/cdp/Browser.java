package com.nusomi.captureagent.cdp;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Chromium to record: one this agent launches (headless, fresh profile, DESIGN's flags) or one the user already runs
 * with {@code --remote-debugging-port}, found through its {@code /json/version}.
 */
public final class Browser implements AutoCloseable {
    /** DESIGN "Chromium": without the background-networking flags Chromium hammers the closed network. */
    public static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final URI webSocketUrl;
    private final Process process;
    private final Path profile;

    private Browser(URI webSocketUrl, Process process, Path profile) {
        this.webSocketUrl = webSocketUrl;
        this.process = process;
        this.profile = profile;
    }

    public URI webSocketUrl() {
        return webSocketUrl;
    }

    /** The browser-level WebSocket of a Chromium started with {@code --remote-debugging-port}, e.g. http://127.0.0.1:9222. */
    public static Browser attach(URI cdpUrl) {
        if ("ws".equals(cdpUrl.getScheme()) || "wss".equals(cdpUrl.getScheme())) {
            return new Browser(cdpUrl, null, null);
        }
        try {
            var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            var answer = http.send(HttpRequest.newBuilder(cdpUrl.resolve("/json/version")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String ws = new ObjectMapper().readTree(answer.body()).path("webSocketDebuggerUrl").asText("");
            if (answer.statusCode() != 200 || ws.isEmpty()) {
                throw new IllegalStateException(cdpUrl + "/json/version did not name a webSocketDebuggerUrl (HTTP " + answer.statusCode() + ")");
            }
            return new Browser(URI.create(ws), null, null);
        } catch (IOException e) {
            throw new IllegalStateException("no Chromium answers at " + cdpUrl + " (start it with --remote-debugging-port): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Starts a headless Chromium on a fresh profile and a free DevTools port; {@code extraArgs} e.g. a window size. */
    public static Browser launch(String executable, List<String> extraArgs) {
        Path profile;
        try {
            profile = Files.createTempDirectory("nusomi-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(executable == null ? findExecutable() : executable);
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.add("--remote-debugging-port=0");
        command.addAll(extraArgs);
        command.add("about:blank");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            var found = new CompletableFuture<URI>();
            Thread reader = new Thread(() -> readStderr(process, found), "chromium-stderr");
            reader.setDaemon(true);
            reader.start();
            URI ws = found.get(60, TimeUnit.SECONDS);
            return new Browser(ws, process, profile);
        } catch (Exception e) {
            throw new IllegalStateException("could not start Chromium (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    /** {@code CHROMIUM} from the environment, else the first of chromium, chromium-browser, google-chrome on PATH. */
    public static String findExecutable() {
        String fromEnv = System.getenv("CHROMIUM");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin");
        for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new IllegalStateException("no Chromium found (looked for chromium, chromium-browser, google-chrome on PATH): "
                + "install it (apt-get install chromium) or set CHROMIUM, or attach to a running one with --cdp-url");
    }

    private static void readStderr(Process process, CompletableFuture<URI> found) {
        try (var in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Matcher m = LISTENING.matcher(line);
                if (!found.isDone() && m.find()) {
                    found.complete(URI.create(m.group(1)));
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        found.completeExceptionally(new IllegalStateException("Chromium exited before opening its DevTools port"));
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // a leftover temp profile is harmless (Chromium's helpers may still be writing or removing files in it)
        }
    }
}
