package com.nusomi.systemtests;

import static com.nusomi.systemtests.Api.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nusomi.captureagent.CaptureAgentMain;
import com.nusomi.captureagent.cdp.Browser;
import com.nusomi.devstack.launch.NusomiService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What every browser IT sets up: a Chromium (or the test is skipped where none is installed), a workspace of its own,
 * and {@code nusomi record} attached to the browser as its own JVM, as a user runs it.
 */
final class BrowserFixture {
    /** The window every browser IT records: frames of 1024 CSS px wide. */
    static final List<String> WINDOW = List.of("--window-size=1024,700");

    private BrowserFixture() {}

    /** Chromium's executable, or the calling test is skipped (.ci/setup-test-tools.sh installs it). */
    static String chromiumOrSkip() {
        try {
            return Browser.findExecutable();
        } catch (IllegalStateException e) {
            assumeTrue(false, "no Chromium on this machine (.ci/setup-test-tools.sh installs it): " + e.getMessage());
            throw e;
        }
    }

    /** A new workspace, retried while the gateway may still be warming up; its admin key. */
    static String workspace(RunningPlatform.Handle platform, String name) throws InterruptedException {
        var operator = new Api(platform.gatewayUrl(), platform.operatorKey());
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Api.Answer answer;
        do {
            answer = operator.post("/v1/workspaces", map("name", name));
            if (answer.status() == 201) {
                return answer.body().path("admin_key").asText();
            }
            Thread.sleep(1_000);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("workspace not created: " + answer.status() + " " + answer.body());
    }

    /** The public API as the workspace of {@code adminKey}. */
    static Api api(RunningPlatform.Handle platform, String adminKey) {
        return new Api(platform.gatewayUrl(), platform.operatorKey()).as(adminKey);
    }

    /**
     * {@code nusomi record --workflow WORKFLOW --cdp-url <browser>} against the platform, its stderr in {@code log}; returns
     * once it printed the session id (its first stdout line).
     */
    static Recorder record(RunningPlatform.Handle platform, String adminKey, Browser browser, String workflow, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CaptureAgentMain.class.getName(), "record", "--workflow", workflow,
                "--cdp-url", browser.webSocketUrl().toString(), "--allow-domain", "127.0.0.1", "--actor-kind", "script",
                "--api-url", platform.gatewayUrl(), "--api-key", adminKey,
                "--ingest-url", platform.platform().service(NusomiService.CAPTURE_INGEST).url()));
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String sessionId = out.readLine();
        assertTrue(sessionId != null && sessionId.startsWith("ses_"), "first stdout line: " + sessionId + "; " + Files.readString(log));
        return new Recorder(process, out, sessionId, log);
    }

    /** A running {@code record}: {@link #stop} it as a user does (SIGTERM); closing kills it if it still runs. */
    record Recorder(Process process, BufferedReader out, String sessionId, Path log) implements AutoCloseable {
        /** SIGTERM: the agent flushes, stops the session and exits 0 (asserted). */
        void stop() throws IOException, InterruptedException {
            process.destroy();
            assertTrue(process.waitFor(3, TimeUnit.MINUTES), "the agent exits after SIGTERM");
            assertEquals(0, process.exitValue(), Files.readString(log));
        }

        String logText() throws IOException {
            return Files.readString(log);
        }

        @Override
        public void close() throws IOException {
            out.close();
            process.destroyForcibly();
        }
    }
}
