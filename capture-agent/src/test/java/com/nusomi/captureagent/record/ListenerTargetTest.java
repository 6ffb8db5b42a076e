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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The listener keeps an element's description (name, selector…) between signals until a change may have touched it:
 * recorded in a real Chromium, a key typed after the field's label changed, or after the field moved in the document,
 * carries the new name and selector, while the page re-rendering elsewhere between keys changes nothing.
 */
class ListenerTargetTest {
    private static final String PAGE = "<!doctype html><html><head><title>L</title></head><body>"
            + "<div id=box><label for=f>Amount</label> <input id=f name=amount></div><div id=preview></div>"
            + "<script>document.getElementById('f').addEventListener('input',function(e){var p=document.getElementById('preview');"
            + "p.textContent='';var b=document.createElement('b');b.textContent=e.target.value;p.appendChild(b);});</script></body></html>";

    @Test
    void aKeyAfterTheLabelChangedOrTheFieldMovedCarriesTheNewNameAndSelector() throws Exception {
        String chromium = PageTabs.chromiumOrSkip();
        List<JsonNode> signals = java.util.Collections.synchronizedList(new ArrayList<>());
        HttpServer page = PageTabs.serve(PAGE);
        HttpServer platform = PageTabs.signalSink(signals::add);
        try (Browser browser = Browser.launch(chromium, List.of("--window-size=800,600"));
             CdpConnection cdp = CdpConnection.open(browser.webSocketUrl());
             CdpConnection recorderCdp = CdpConnection.open(browser.webSocketUrl())) {
            String s = PageTabs.openTab(cdp, "about:blank");
            Recorder recorder = PageTabs.recorder(recorderCdp, platform, 500, new SnapshotSettings(SnapshotSettings.Source.PAGE, -1, 0));
            recorder.start();
            recorder.awaitSetup(10_000);
            cdp.call("Page.enable", null, s);
            cdp.call("Page.navigate", CdpConnection.params().put("url", PageTabs.base(page) + "/page.html"), s);
            PageTabs.await(cdp, s, "document.readyState === 'complete' && !!document.getElementById('f') && !!window.__nusomiCapture", Duration.ofSeconds(15));
            PageTabs.eval(cdp, s, "document.getElementById('f').focus(); true");
            type(cdp, s, "1");
            type(cdp, s, "2"); // the preview re-rendered in between: the description is reused, and still right
            PageTabs.eval(cdp, s, "document.querySelector('label').textContent = 'Total'; true");
            type(cdp, s, "3");
            PageTabs.eval(cdp, s, "var d = document.createElement('div'); d.id = 'moved'; document.body.insertBefore(d, document.body.firstChild);"
                    + " var f = document.getElementById('f'); f.removeAttribute('id'); d.appendChild(f); f.focus(); true");
            type(cdp, s, "4");
            recorder.stop(10_000);
        } finally {
            page.stop(0);
            platform.stop(0);
        }
        List<JsonNode> keys = signals.stream().filter(x -> x.path("kind").asText().equals("key")).toList();
        assertEquals(4, keys.size(), signals.toString());
        assertEquals(List.of("Amount", "Amount", "Total", "amount"), keys.stream().map(k -> k.path("target").path("name").asText()).toList(),
                "after the move the field has no label left: it is named by its name attribute");
        assertEquals(List.of("#f", "#f", "#f", "#moved > input:nth-of-type(1)"),
                keys.stream().map(k -> k.path("target").path("selector").asText()).toList());
    }

    private static void type(CdpConnection cdp, String s, String key) throws InterruptedException {
        PageTabs.type(cdp, s, key);
        Thread.sleep(150);
    }
}
