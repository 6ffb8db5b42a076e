package com.nusomi.devstack.launch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Stands in for a service's Quarkus fast-jar in launcher tests (the services are built after devstack): a JVM that
 * answers {@code /q/health/ready} on {@code -Dquarkus.http.port}, and {@code POST /v1/workspaces} as the gateway
 * does on a first start. What is under test is the launcher's process handling, not the services.
 */
public final class StandInService {
    private StandInService() {}

    public static void main(String[] args) throws IOException {
        int port = Integer.getInteger("quarkus.http.port");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/q/health/ready", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/v1/workspaces", exchange ->
                answer(exchange, 201, "{\"id\":\"wsp_standin\",\"admin_key\":\"nsk_standin\"}"));
        server.start();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
