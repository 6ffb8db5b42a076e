package com.nusomi.captureagent.sample;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The bundled sample web app (an invoice workflow: sign in with a password, a list, a form with inline validation and
 * a card-number field, a confirmation modal, a slow spinner, navigation between pages), served from the agent's
 * resources by the JDK's HTTP server on 127.0.0.1.
 */
public final class SampleApp implements AutoCloseable {
    private static final String ROOT = "/com/nusomi/captureagent/sample/app/";
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
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
