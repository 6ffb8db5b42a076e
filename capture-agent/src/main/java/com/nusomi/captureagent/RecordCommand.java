package com.nusomi.captureagent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.captureagent.api.Endpoints;
import com.nusomi.captureagent.api.NusomiClient;
import com.nusomi.captureagent.cdp.Browser;
import com.nusomi.captureagent.cdp.CdpConnection;
import com.nusomi.captureagent.record.Recorder;
import com.nusomi.captureagent.record.SnapshotSettings;
import com.nusomi.contracts.Limits;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code record --workflow SLUG [--cdp-url URL] [--allow-domain D …] [--actor-kind human|model|script]} (SPEC §9):
 * creates and starts a session, prints its id as the first stdout line, records until SIGINT or SIGTERM, then
 * flushes, stops the session and exits 0.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record a Chromium (its own headless one, or the one at --cdp-url) into a new session until SIGINT/SIGTERM.")
public final class RecordCommand implements Callable<Integer> {
    @Option(names = "--workflow", required = true, description = "workflow slug, e.g. process_invoice")
    String workflow;
    @Option(names = "--cdp-url", description = "attach to a running Chromium (started with --remote-debugging-port), e.g. http://127.0.0.1:9222")
    URI cdpUrl;
    @Option(names = "--allow-domain", description = "record only pages on this domain (and its subdomains); repeatable; none = every domain")
    List<String> allowDomains = new ArrayList<>();
    @Option(names = "--actor-kind", defaultValue = "human", description = "human, model or script (default: ${DEFAULT-VALUE})")
    String actorKind;
    @Option(names = "--url", description = "with its own Chromium: the page to open first")
    String url;
    @Option(names = "--api-url", description = "the gateway (default: NUSOMI_URL, credentials.json, http://127.0.0.1:18080)")
    String apiUrl;
    @Option(names = "--api-key", description = "API key (default: NUSOMI_API_KEY, then credentials.json's admin_key)")
    String apiKey;
    @Option(names = "--ingest-url", description = "capture-ingest (default: NUSOMI_INGEST_URL, http://127.0.0.1:18101)")
    String ingestUrl;
    @Option(names = "--chromium", description = "Chromium executable for its own browser (default: CHROMIUM, chromium on PATH)")
    String chromium;
    @Option(names = "--idle-fps", defaultValue = "2", description = "frames per second while the screen does not change, 1..5 (default: ${DEFAULT-VALUE})")
    int idleFps;
    @Option(names = "--snapshot-source", defaultValue = "page",
            description = "where frames' DOM and accessibility snapshots are built: page (in the page, from the elements on screen) or cdp (Chromium's DOMSnapshot and accessibility tree, costly on large pages) (default: ${DEFAULT-VALUE})")
    SnapshotSettings.Source snapshotSource;
    @Option(names = "--snapshot-interval-ms", defaultValue = "500", description = "at least this many ms between two DOM snapshots while the page keeps changing (and 400 times the last one's cost; cdp: 50 times); -1: no snapshots (default: ${DEFAULT-VALUE})")
    long snapshotIntervalMs;
    @Option(names = "--ax-interval-ms", defaultValue = "2000", description = "with --snapshot-source cdp: at least this many ms (and 50 times the last fetch's cost) before the accessibility tree is fetched again, except after a navigation (default: ${DEFAULT-VALUE})")
    long axIntervalMs;
    @Option(names = "--window-size", defaultValue = "1280,800", description = "own Chromium's window size (default: ${DEFAULT-VALUE})")
    String windowSize;

    @Override
    public Integer call() throws Exception {
        if (!Limits.WORKFLOW_SLUG.matcher(workflow).matches()) {
            System.err.println("nusomi record: --workflow must match " + Limits.WORKFLOW_SLUG_REGEX);
            return 2;
        }
        if (!List.of("human", "model", "script").contains(actorKind)) {
            System.err.println("nusomi record: --actor-kind is human, model or script");
            return 2;
        }
        if (idleFps < 1 || idleFps > 5) {
            System.err.println("nusomi record: --idle-fps is 1..5");
            return 2;
        }
        var stop = new CountDownLatch(1);
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Signal.handle(new Signal("TERM"), s -> stop.countDown());

        var api = new NusomiClient(Endpoints.resolve(apiUrl, apiKey, ingestUrl));
        List<String> extra = new ArrayList<>(List.of("--window-size=" + windowSize));
        try (Browser browser = cdpUrl != null ? Browser.attach(cdpUrl) : Browser.launch(chromium, extra);
             CdpConnection cdp = CdpConnection.open(browser.webSocketUrl())) {
            cdp.closedFuture().thenRun(stop::countDown); // the browser went away: stop as if signalled
            JsonNode version = cdp.call("Browser.getVersion", null, null);
            ObjectNode app = appInfo(version);
            ObjectNode metadata = new ObjectMapper().createObjectNode().put("capture_agent", "nusomi-capture-agent")
                    .put("browser", version.path("product").asText());
            metadata.set("allow_domains", new ObjectMapper().valueToTree(allowDomains));

            String sessionId = api.createSession(workflow, actorKind, metadata).path("id").asText();
            api.start(sessionId);
            long t0 = System.currentTimeMillis();
            var recorder = new Recorder(cdp, api, sessionId, t0, allowDomains, app, 1000L / idleFps,
                    new SnapshotSettings(snapshotSource, snapshotIntervalMs, axIntervalMs));
            recorder.start();
            recorder.awaitSetup(10_000);
            if (cdpUrl == null && url != null) {
                openFirstPage(cdp);
            }
            System.out.println(sessionId);
            System.out.flush();
            System.err.println("nusomi record: recording session " + sessionId + " (Ctrl-C stops); browser DevTools at "
                    + browser.webSocketUrl() + " (./nusomi drive --cdp-url takes it)");

            stop.await();
            System.err.println("nusomi record: stopping: sending what was captured");
            recorder.stop(60_000);
            try {
                api.stop(sessionId);
            } catch (NusomiClient.Refused e) {
                System.err.println("nusomi record: the session could not be stopped: " + e.getMessage());
                return 1;
            }
            System.err.println("nusomi record: session " + sessionId + " stopped: " + recorder.framesUploaded() + " frames, "
                    + recorder.signalsSent() + " signals; dropped while the platform was unreachable: " + recorder.framesDropped()
                    + " frames, " + recorder.signalsDropped() + " signals");
            return 0;
        }
    }

    /** A new tab on the first page: auto-attached (and held until the listener is in) like any tab the user opens. */
    private void openFirstPage(CdpConnection cdp) {
        cdp.call("Target.createTarget", CdpConnection.params().put("url", url), null);
    }

    private static ObjectNode appInfo(JsonNode version) {
        String product = version.path("product").asText("Chromium"); // e.g. HeadlessChrome/131.0.6778.85
        int slash = product.indexOf('/');
        return new ObjectMapper().createObjectNode().put("bundle_id", "org.chromium.Chromium").put("name", "Chromium")
                .put("version", slash >= 0 ? product.substring(slash + 1) : product);
    }
}
