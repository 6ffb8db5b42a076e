package com.nusomi.systemtests;

import static com.nusomi.systemtests.Api.map;

import com.nusomi.devstack.launch.Credentials;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The TypeScript SDK ({@code sdk-typescript/}) driven by the npm found on PATH, against the platform this JVM
 * started: a fresh workspace, and a {@code $NUSOMI_HOME} whose credentials.json names it, as {@code ./nusomi up}
 * writes one for a user.
 */
final class TypeScriptSdk {
    /** What a run printed (stdout and stderr interleaved) and how it ended. */
    record Run(int exitCode, String output, Path log) {
        /** The last part of the output, enough to see why a run failed without flooding the report. */
        String tail() {
            return output.length() <= 12_000 ? output : "…" + output.substring(output.length() - 12_000);
        }
    }

    /** The installation a run talks to: its home (with credentials.json), gateway and admin key. */
    record Installation(Path home, String gatewayUrl, String adminKey, String workspaceId) {}

    private static boolean prepared;

    private TypeScriptSdk() {}

    static Path dir() {
        return Repo.path("sdk-typescript");
    }

    /** npm on PATH, if any. */
    static Optional<Path> npm() {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, "npm");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Installs the dev dependencies (when missing or older than the lock file), builds the package and the demo, once per JVM. */
    static synchronized void prepare() throws IOException, InterruptedException {
        if (prepared) {
            return;
        }
        Path installed = dir().resolve("node_modules/.package-lock.json");
        if (!Files.exists(installed) || Files.getLastModifiedTime(installed)
                .compareTo(Files.getLastModifiedTime(dir().resolve("package-lock.json"))) < 0) {
            require(run(Map.of(), "npm-ci", "ci", "--no-audit", "--no-fund", "--loglevel=error"), "npm ci");
        }
        require(run(Map.of(), "npm-build", "run", "build"), "npm run build");
        require(run(Map.of(), "npm-build-demo", "run", "build:demo"), "npm run build:demo");
        prepared = true;
    }

    /** A new workspace on the running platform and a temporary $NUSOMI_HOME whose credentials.json names it. */
    static Installation install(RunningPlatform.Handle platform, String name) throws IOException {
        var operator = new Api(platform.gatewayUrl(), platform.operatorKey());
        var workspace = operator.post("/v1/workspaces", map("name", name));
        if (workspace.status() != 201) {
            throw new IllegalStateException("creating a workspace: " + workspace);
        }
        String adminKey = workspace.body().path("admin_key").asText();
        String workspaceId = workspace.body().path("id").asText();
        Path home = Files.createTempDirectory("nusomi-ts-home-");
        new Credentials(platform.gatewayUrl(), platform.operatorKey(), adminKey, workspaceId, platform.infra()).write(home);
        home.toFile().deleteOnExit(); // deleted in reverse order: the file, then its directory
        home.resolve(Credentials.FILE).toFile().deleteOnExit();
        return new Installation(home, platform.gatewayUrl(), adminKey, workspaceId);
    }

    /** The environment a user of that installation has: NUSOMI_HOME, the key, nothing else of ours inherited. */
    static Map<String, String> env(Installation installation) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NUSOMI_HOME", installation.home().toString());
        env.put("NUSOMI_API_KEY", installation.adminKey());
        return env;
    }

    /** {@code npm <args>} in sdk-typescript/ with {@code env} added; the output also goes to target/npm-logs/<name>.log. */
    static Run run(Map<String, String> env, String name, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(npm().orElseThrow(() -> new IllegalStateException("npm not found on PATH")).toString());
        command.addAll(List.of(args));
        return exec(env, name, command);
    }

    /** {@code node <args>} in sdk-typescript/, with the node that sits beside npm. */
    static Run node(Map<String, String> env, String name, String... args) throws IOException, InterruptedException {
        Path npm = npm().orElseThrow(() -> new IllegalStateException("npm not found on PATH"));
        Path beside = npm.resolveSibling("node");
        List<String> command = new ArrayList<>();
        command.add(Files.isExecutable(beside) ? beside.toString() : "node");
        command.addAll(List.of(args));
        return exec(env, name, command);
    }

    private static Run exec(Map<String, String> env, String name, List<String> command) throws IOException, InterruptedException {
        Path log = Path.of("target", "npm-logs", name + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("NUSOMI_BASE_URL");
        builder.environment().remove("NUSOMI_LIVE_URL");
        builder.environment().remove("NUSOMI_API_KEY");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 15 minutes; see " + log);
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8), log);
    }

    private static void require(Run run, String what) {
        if (run.exitCode() != 0) {
            throw new IllegalStateException(what + " failed (exit " + run.exitCode() + "):\n" + run.tail());
        }
    }
}
