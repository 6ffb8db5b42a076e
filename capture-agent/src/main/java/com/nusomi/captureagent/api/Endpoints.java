package com.nusomi.captureagent.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the agent sends its data and with which key: flags first, then the environment ({@code NUSOMI_URL},
 * {@code NUSOMI_API_KEY}, {@code NUSOMI_INGEST_URL}), then {@code $NUSOMI_HOME/credentials.json} as {@code ./nusomi up}
 * writes it (SPEC "Local installation file"), then the local defaults.
 */
public record Endpoints(String gatewayUrl, String apiKey, String ingestUrl) {

    public static Endpoints resolve(String gatewayFlag, String keyFlag, String ingestFlag) {
        JsonNode credentials = credentials();
        String gateway = first(gatewayFlag, System.getenv("NUSOMI_URL"), credentials.path("gateway_url").asText(null),
                "http://127.0.0.1:" + System.getenv().getOrDefault("NUSOMI_API_GATEWAY_PORT", "18080"));
        String key = first(keyFlag, System.getenv("NUSOMI_API_KEY"), credentials.path("admin_key").asText(null), null);
        if (key == null) {
            throw new IllegalStateException("no API key: set NUSOMI_API_KEY, pass --api-key, or run ./nusomi up (it writes "
                    + home().resolve("credentials.json") + ")");
        }
        String ingest = first(ingestFlag, System.getenv("NUSOMI_INGEST_URL"), null,
                "http://127.0.0.1:" + System.getenv().getOrDefault("NUSOMI_CAPTURE_INGEST_PORT", "18101"));
        return new Endpoints(strip(gateway), key, strip(ingest));
    }

    static Path home() {
        String home = System.getenv("NUSOMI_HOME");
        return Path.of(home == null || home.isBlank() ? ".nusomi" : home);
    }

    private static JsonNode credentials() {
        Path file = home().resolve("credentials.json");
        if (!Files.isRegularFile(file)) {
            return new ObjectMapper().createObjectNode();
        }
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String first(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                return c;
            }
        }
        return null;
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
