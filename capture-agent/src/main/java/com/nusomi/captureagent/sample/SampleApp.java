package com.nusomi.captureagent.sample;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bundled sample web app (an invoice workflow: sign in with a password, a list, a form with inline validation and
 * a card-number field, a confirmation modal, a slow spinner, navigation between pages, a save the server can fail, a
 * reports page that is always unavailable),
 * served from the agent's resources by the JDK's HTTP server on 127.0.0.1.
 */
public final class SampleApp implements AutoCloseable {
    private static final String ROOT = "/com/nusomi/captureagent/sample/app/";
    /** The save endpoint: a failure the page shows in a banner and does not mark (docs/extraction.md "Detected failures"). */
    static final String SAVE_PATH = "/api/invoices";
    /** Amounts above this make the save fail with 500: the app's simulated outage of its payment service. */
    static final BigDecimal SAVE_LIMIT = new BigDecimal("9999.99");
    /** A page always answered 503 (its reports service is "down"): an error page the user sees, unmarked. */
    static final String UNAVAILABLE_PAGE = "report.html";
    private static final Pattern AMOUNT = Pattern.compile("\"amount\"\\s*:\\s*\"([0-9.]+)\"");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8");

    private final HttpServer server;

    private SampleApp(HttpServer server) {
        this.server = server;
    }

    /** Serves the app on {@code port} (0: any free port). */
    public static SampleApp start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", SampleApp::serve);
        server.start();
        return new SampleApp(server);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private static void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals(SAVE_PATH)) {
                save(exchange);
                return;
            }
            if (path.equals("/")) {
                path = "/index.html";
            }
            String name = path.substring(1);
            InputStream in = name.contains("..") || name.contains("/") ? null : SampleApp.class.getResourceAsStream(ROOT + name);
            if (in == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body;
            try (in) {
                body = in.readAllBytes();
            }
            String ext = name.substring(name.lastIndexOf('.') + 1);
            exchange.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(name.equals(UNAVAILABLE_PAGE) ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /** {@code POST /api/invoices {"customer", "amount"}}: 201, or 500 for an amount above {@link #SAVE_LIMIT}. */
    private static void save(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.sendResponseHeaders(405, -1);
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher amount = AMOUNT.matcher(body);
        boolean fails = amount.find() && new BigDecimal(amount.group(1)).compareTo(SAVE_LIMIT) > 0;
        byte[] answer = (fails ? "{\"error\":\"payment service unavailable\"}" : "{\"saved\":true}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(fails ? 500 : 201, answer.length);
        exchange.getResponseBody().write(answer);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
