package com.nusomi.captureagent.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.captureagent.cdp.CdpConnection;
import com.nusomi.contracts.BrowserSignalKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Drives the sample app in a real Chromium through the DevTools protocol ({@code Input.dispatch*}, no page scripts
 * for input) along a few paths, and writes what happened as ground truth: the SPEC §2 events a perfect extractor
 * would emit, and the raw input signals a recorder must have seen, counted by kind. The events follow the rules of
 * docs/extraction.md: e.g. the second click on "Create invoice" after the validation error, and its submit, are retries;
 * the save the server fails (an amount above the app's limit) and the reports page answered 503 are each one detected
 * {@code error} of kind {@code http_error}.
 */
public final class Driver {
    /**
     * The paths through the app. SERVER_ERROR (the save fails, the user gives up and opens the reports page, which is
     * unavailable) comes before a successful path, so a session driven along all of them ends in success (SPEC §3: the
     * last success/error event decides).
     */
    public enum Path { SUCCESS, SERVER_ERROR, VALIDATION_RETRY, ABANDON }

    public static final String USER = "alice";
    /** Typed into the password field: it must never appear in anything the platform stores. */
    public static final String PASSWORD = "Tr0ub4dor&3-secret";
    public static final String CARD = "4111111111111111";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CdpConnection cdp;
    private final String appUrl;
    private final String session;
    private final ArrayNode events = JSON.createArrayNode();
    private final Map<BrowserSignalKind, Integer> signals = new EnumMap<>(BrowserSignalKind.class);
    private final long pace;

    /** Opens a new tab in the browser behind {@code cdp} to drive; {@code paceMs} waits between actions. */
    public Driver(CdpConnection cdp, String appUrl, long paceMs) {
        this.cdp = cdp;
        this.appUrl = appUrl;
        this.pace = paceMs;
        String target = cdp.call("Target.createTarget", CdpConnection.params().put("url", "about:blank"), null).path("targetId").asText();
        this.session = cdp.call("Target.attachToTarget", CdpConnection.params().put("targetId", target).put("flatten", true), null)
                .path("sessionId").asText();
        cdp.call("Page.enable", null, session);
    }

    /** Ground truth of everything driven so far: {@code {events: [...], signals: {kind: count}}}. */
    public ObjectNode groundTruth() {
        ObjectNode truth = JSON.createObjectNode();
        truth.set("events", events.deepCopy());
        ObjectNode counts = truth.putObject("signals");
        signals.forEach((k, v) -> counts.put(k.wire(), v));
        return truth;
    }

    public Map<BrowserSignalKind, Integer> signalCounts() {
        return Map.copyOf(signals);
    }

    public void run(List<Path> paths) {
        for (Path p : paths) {
            run(p);
        }
    }

    public void run(Path path) {
        signIn();
        click("#new-invoice");
        awaitPage("new.html", "link");
        type("#customer", "customer", "Initech");
        switch (path) {
            case SUCCESS -> {
                type("#amount", "amount", "310.50");
                type("#card", "card", CARD);
                submitInvoice(false);
                confirmAndSave();
            }
            case VALIDATION_RETRY -> {
                type("#card", "card", CARD);
                click("#submit");
                count(BrowserSignalKind.FORM_SUBMIT);
                event("submit", "form", "invoice");
                await("document.getElementById('amount').getAttribute('aria-invalid') === 'true'");
                event("validation_error", "field", "amount");
                count(BrowserSignalKind.VALIDATION_SURFACED, 2); // aria-invalid on the field, and its role=alert message
                type("#amount", "amount", "42");
                submitInvoice(true);
                confirmAndSave();
            }
            case SERVER_ERROR -> {
                type("#amount", "amount", "25000");
                type("#card", "card", CARD);
                submitInvoice(false);
                click("#confirm-yes");
                await("!document.getElementById('save-error').hidden");
                event("error", "kind", "http_error"); // the failed request; its banner is the same failure
                count(BrowserSignalKind.FAILURE, 2); // the request answered 500, and the banner (role=alert outside the form)
                click("#cancel");
                awaitPage("invoices.html", "link");
                click("#reports");
                awaitPage("report.html", "link");
                event("error", "kind", "http_error"); // the page came with 503
                count(BrowserSignalKind.FAILURE);
            }
            case ABANDON -> {
                click("#cancel");
                awaitPage("invoices.html", "link");
            }
        }
    }

    private void signIn() {
        cdp.call("Page.navigate", CdpConnection.params().put("url", appUrl), session);
        awaitPage("index.html", "typed");
        type("#username", "username", USER);
        type("#password", "password", PASSWORD);
        click("#signin");
        count(BrowserSignalKind.FORM_SUBMIT);
        event("submit", "form", "login");
        awaitPage("invoices.html", "script");
    }

    /** {@code again}: the same button and form as a submit moments before on this page, so both are retries (SPEC §2). */
    private void submitInvoice(boolean again) {
        click("#submit");
        if (again) {
            event("retry", "of", "click");
        }
        count(BrowserSignalKind.FORM_SUBMIT);
        event("submit", "form", "invoice");
        if (again) {
            event("retry", "of", "submit");
        }
        await("!document.getElementById('confirm').hidden");
    }

    private void confirmAndSave() {
        click("#confirm-yes");
        event("wait", "reason", "spinner");
        awaitPage("done.html", "script");
        event("success", "marker", "invoice_created");
    }

    // ---------- input ----------

    private void click(String selector) {
        await("(function(){var e=document.querySelector('" + selector + "');if(!e)return false;var r=e.getBoundingClientRect();"
                + "return r.width>0&&r.height>0&&getComputedStyle(e).visibility!=='hidden';})()");
        JsonNode box = eval("(function(){var r=document.querySelector('" + selector + "').getBoundingClientRect();"
                + "return {x:r.left+r.width/2,y:r.top+r.height/2};})()");
        double x = box.path("x").asDouble(), y = box.path("y").asDouble();
        mouse("mouseMoved", x, y, 0);
        mouse("mousePressed", x, y, 1);
        mouse("mouseReleased", x, y, 0);
        count(BrowserSignalKind.POINTER_DOWN);
        count(BrowserSignalKind.POINTER_UP);
        ObjectNode click = event("click", "selector", selector);
        click.put("x", x).put("y", y);
        sleep(pace);
    }

    private void type(String selector, String field, String text) {
        click(selector);
        for (char c : text.toCharArray()) {
            String key = String.valueOf(c);
            cdp.call("Input.dispatchKeyEvent", CdpConnection.params().put("type", "keyDown").put("key", key).put("text", key), session);
            cdp.call("Input.dispatchKeyEvent", CdpConnection.params().put("type", "keyUp").put("key", key), session);
            count(BrowserSignalKind.KEY);
            count(BrowserSignalKind.VALUE_CHANGE);
        }
        event("input_text", "field", field).put("value", field.equals("password") ? "[masked]" : text);
        sleep(pace);
    }

    private void mouse(String type, double x, double y, int buttons) {
        var params = CdpConnection.params().put("type", type).put("x", x).put("y", y).put("buttons", buttons);
        if (!type.equals("mouseMoved")) {
            params.put("button", "left").put("clickCount", 1);
        }
        cdp.call("Input.dispatchMouseEvent", params, session);
    }

    // ---------- waiting ----------

    private void awaitPage(String page, String source) {
        await("location.pathname.endsWith('/" + page + "') || (location.pathname === '/' && '" + page + "' === 'index.html') ? "
                + "document.readyState === 'complete' : false");
        count(BrowserSignalKind.NAVIGATION);
        event("navigate", "to_url", page).put("source", source);
        sleep(pace);
    }

    private void await(String condition) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (eval(condition).asBoolean(false)) {
                    return;
                }
            } catch (CdpConnection.CdpException e) {
                // the page is navigating: its context is gone for a moment
            }
            sleep(50);
        }
        throw new IllegalStateException("the sample app never reached: " + condition);
    }

    private JsonNode eval(String expression) {
        JsonNode result = cdp.call("Runtime.evaluate", CdpConnection.params().put("expression", expression).put("returnByValue", true), session);
        return result.path("result").path("value");
    }

    // ---------- ground truth ----------

    private void count(BrowserSignalKind kind) {
        count(kind, 1);
    }

    private void count(BrowserSignalKind kind, int n) {
        signals.merge(kind, n, Integer::sum);
    }

    private ObjectNode event(String type, String field, String value) {
        return events.addObject().put("type", type).put("epoch_ms", System.currentTimeMillis()).put(field, value);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
