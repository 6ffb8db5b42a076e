package com.nusomi.captureagent.cdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.captureagent.api.Endpoints;
import com.nusomi.captureagent.api.NusomiClient;
import com.nusomi.captureagent.record.Recorder;
import com.nusomi.captureagent.record.SnapshotSettings;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;

/**
 * What the tests and the bench that drive a real Chromium share: finding it, serving a page, a tab, evaluating and
 * typing in it, a recorder of its 127.0.0.1 pages sending to a local platform.
 */
public final class PageTabs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PageTabs() {}

    /** The Chromium to launch, or the test is skipped (CI installs it with .ci/setup-test-tools.sh). */
    public static String chromiumOrSkip() {
        Optional<String> found;
        try {
            found = Optional.of(Browser.findExecutable());
        } catch (IllegalStateException e) {
            found = Optional.empty();
        }
        Assumptions.assumeTrue(found.isPresent(), "no Chromium on this machine (.ci/setup-test-tools.sh installs it)");
        return found.get();
    }

    /** A local HTTP server answering every path with {@code html} (started; the caller stops it). */
    public static HttpServer serve(String html) throws IOException {
        return answering(200, "text/html; charset=utf-8", html, (path, body) -> { });
    }

    /**
     * A local HTTP server that answers the recorder like the platform does ({@code 201 {"data":[]}} to every call) and
     * hands each request's path and body to {@code seen} (started; the caller stops it). Its address is the recorder's
     * {@code Endpoints} base.
     */
    public static HttpServer platformSink(BiConsumer<String, byte[]> seen) throws IOException {
        return answering(201, "application/json", "{\"data\":[]}", seen);
    }

    /** A {@link #platformSink} that hands each signal the recorder uploads to {@code each}, in order. */
    public static HttpServer signalSink(Consumer<JsonNode> each) throws IOException {
        return platformSink((path, body) -> {
            if (path.endsWith("/signals")) {
                try {
                    JSON.readTree(body).path("signals").forEach(each);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    /**
     * A recorder (not started) of the browser behind {@code cdp}, allow-listing 127.0.0.1 and uploading to
     * {@code platform} (a {@link #platformSink}).
     */
    public static Recorder recorder(CdpConnection cdp, HttpServer platform, long idleFrameMs, SnapshotSettings snapshots) {
        String base = base(platform);
        ObjectNode app = JSON.createObjectNode().put("bundle_id", "org.chromium.Chromium").put("name", "Chromium");
        return new Recorder(cdp, new NusomiClient(new Endpoints(base, "nsk_test", base)), "ses_test", System.currentTimeMillis(),
                List.of("127.0.0.1"), app, idleFrameMs, snapshots);
    }

    private static HttpServer answering(int status, String contentType, String answer, BiConsumer<String, byte[]> seen)
            throws IOException {
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            seen.accept(ex.getRequestURI().getPath(), ex.getRequestBody().readAllBytes());
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
        return server;
    }

    /** {@code http://127.0.0.1:<port>} of a server started here. */
    public static String base(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Opens a new tab at {@code url} and attaches to it: the flat session id. */
    public static String openTab(CdpConnection cdp, String url) {
        String target = cdp.call("Target.createTarget", CdpConnection.params().put("url", url), null).path("targetId").asText();
        return cdp.call("Target.attachToTarget", CdpConnection.params().put("targetId", target).put("flatten", true), null)
                .path("sessionId").asText();
    }

    /** The value of {@code expression} evaluated in the tab. */
    public static JsonNode eval(CdpConnection cdp, String session, String expression) {
        return cdp.call("Runtime.evaluate", CdpConnection.params().put("expression", expression).put("returnByValue", true), session)
                .path("result").path("value");
    }

    /** Presses and releases {@code key} (one character, typed into what has the focus). */
    public static void type(CdpConnection cdp, String session, String key) {
        cdp.call("Input.dispatchKeyEvent", CdpConnection.params().put("type", "keyDown").put("key", key).put("text", key), session);
        cdp.call("Input.dispatchKeyEvent", CdpConnection.params().put("type", "keyUp").put("key", key), session);
    }

    /** Waits until {@code condition} is true in the tab (a navigation in between is waited through), at most {@code limit}. */
    public static void await(CdpConnection cdp, String session, String condition, Duration limit) throws InterruptedException {
        long deadline = System.currentTimeMillis() + limit.toMillis();
        while (System.currentTimeMillis() < deadline) {
            try {
                if (eval(cdp, session, condition).asBoolean(false)) {
                    return;
                }
            } catch (CdpConnection.CdpException e) {
                // navigating
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the page never got to " + condition + " within " + limit);
    }
}
