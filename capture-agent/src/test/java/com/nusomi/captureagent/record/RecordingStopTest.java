package com.nusomi.captureagent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.captureagent.cdp.Browser;
import com.nusomi.captureagent.cdp.CdpConnection;
import com.nusomi.captureagent.cdp.PageTabs;
import com.sun.net.httpserver.HttpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A recording that stops leaves the browser as it found it (the {@code record --cdp-url} case: the user's Chromium and
 * its tabs go on). In a real Chromium, one tab loaded before any recording is recorded twice in turn, each recorder on
 * its own DevTools connection that stays open after its stop: the first gets the key typed during it (held by the page
 * when the stop came), nothing typed later; the page then holds no listener or snapshot function of it; the second
 * recording, of the same document, gets its own key (the first's listener used to block the second's); a tab opened
 * after a stop loads without waiting for the recorder that stopped.
 */
class RecordingStopTest {
    private static final String PAGE = "<!doctype html><html><head><title>S</title></head><body>"
            + "<label for=f>Amount</label> <input id=f name=amount><p id=out></p>"
            + "<script>document.getElementById('f').addEventListener('input',function(e){"
            + "document.getElementById('out').textContent=e.target.value;});</script></body></html>";
    /** What the page holds of any recording: listeners by binding, snapshot functions by name. */
    private static final String LEFT_IN_PAGE = "Object.keys(window.__nusomiCapture || {}).concat("
            + "Object.getOwnPropertyNames(window).filter(function (n) { return n.indexOf('__nusomi_snapshot_') === 0; })).join(',')";

    @Test
    void aStoppedRecordingLeavesNothingRunningAndTheNextOneRecordsTheSameDocument() throws Exception {
        String chromium = PageTabs.chromiumOrSkip();
        HttpServer page = PageTabs.serve(PAGE);
        List<String> firstKeys = Collections.synchronizedList(new ArrayList<>());
        List<String> secondKeys = Collections.synchronizedList(new ArrayList<>());
        HttpServer firstSink = PageTabs.signalSink(keysTo(firstKeys));
        HttpServer secondSink = PageTabs.signalSink(keysTo(secondKeys));
        try (Browser browser = Browser.launch(chromium, List.of("--window-size=800,600"));
             CdpConnection cdp = CdpConnection.open(browser.webSocketUrl());
             CdpConnection firstCdp = CdpConnection.open(browser.webSocketUrl());
             CdpConnection secondCdp = CdpConnection.open(browser.webSocketUrl())) {
            String s = PageTabs.openTab(cdp, PageTabs.base(page) + "/page.html");
            PageTabs.await(cdp, s, "document.readyState === 'complete' && !!document.getElementById('f')", Duration.ofSeconds(15));
            PageTabs.eval(cdp, s, "document.getElementById('f').focus(); true");

            Recorder first = recorder(firstCdp, firstSink);
            first.start();
            first.awaitSetup(10_000);
            PageTabs.await(cdp, s, "Object.keys(window.__nusomiCapture || {}).length === 1", Duration.ofSeconds(10));
            Thread.sleep(700); // a frame and its snapshot: the snapshot function is installed too
            type(cdp, s, "a");
            first.stop(10_000); // the key is still held by the page (200 ms): the stop sends it
            assertEquals("", PageTabs.eval(cdp, s, LEFT_IN_PAGE).asText(), "nothing of the first recording is left in the page");

            type(cdp, s, "b"); // nobody records
            String opened = PageTabs.openTab(cdp, PageTabs.base(page) + "/page.html");
            PageTabs.await(cdp, opened, "document.readyState === 'complete'", Duration.ofSeconds(15)); // not held for the first
            cdp.call("Target.activateTarget", CdpConnection.params().put("targetId", targetOf(cdp, s)), null);

            Recorder second = recorder(secondCdp, secondSink);
            second.start();
            second.awaitSetup(10_000);
            type(cdp, s, "c");
            second.stop(10_000);
            assertEquals("", PageTabs.eval(cdp, s, LEFT_IN_PAGE).asText(), "nothing of the second recording is left in the page");
            assertEquals("abc", PageTabs.eval(cdp, s, "document.getElementById('f').value").asText(), "the page got every key");
        } finally {
            page.stop(0);
            firstSink.stop(0);
            secondSink.stop(0);
        }
        assertEquals(List.of("a"), firstKeys, "the first recording: its key, sent at its stop, and nothing after");
        assertEquals(List.of("c"), secondKeys, "the second recording: its own key from the document the first recorded");
        assertTrue(Collections.disjoint(firstKeys, secondKeys));
    }

    private static Recorder recorder(CdpConnection cdp, HttpServer sink) {
        return PageTabs.recorder(cdp, sink, 200, new SnapshotSettings(SnapshotSettings.Source.PAGE, 100, 0));
    }

    /** Keeps the key of each key signal. */
    private static Consumer<JsonNode> keysTo(List<String> keys) {
        return signal -> {
            if (signal.path("kind").asText().equals("key")) {
                keys.add(signal.path("key").asText());
            }
        };
    }

    private static String targetOf(CdpConnection cdp, String session) {
        return cdp.call("Target.getTargetInfo", null, session).path("targetInfo").path("targetId").asText();
    }

    private static void type(CdpConnection cdp, String s, String key) throws InterruptedException {
        PageTabs.type(cdp, s, key);
        Thread.sleep(50);
    }
}
