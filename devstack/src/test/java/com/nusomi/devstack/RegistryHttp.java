package com.nusomi.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Minimal Apicurio v3 REST calls for the tests. */
final class RegistryHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;

    RegistryHttp(String registryUrl) {
        this.url = registryUrl;
    }

    record Response(int status, JsonNode body, String raw) {}

    Response createAvroArtifact(String group, String artifactId, String schema) throws Exception {
        var body = JSON.createObjectNode();
        body.put("artifactId", artifactId);
        body.put("artifactType", "AVRO");
        var content = body.putObject("firstVersion").putObject("content");
        content.put("content", schema);
        content.put("contentType", "application/json");
        return send(HttpRequest.newBuilder(URI.create(url + "/groups/" + group + "/artifacts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    Response createVersion(String group, String artifactId, String schema) throws Exception {
        var body = JSON.createObjectNode();
        var content = body.putObject("content");
        content.put("content", schema);
        content.put("contentType", "application/json");
        return send(HttpRequest.newBuilder(URI.create(url + "/groups/" + group + "/artifacts/" + artifactId + "/versions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    Response get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET());
    }

    private Response send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = http.send(request.header("Accept", "application/json")
                .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = null;
        try {
            node = r.body() == null || r.body().isBlank() ? null : JSON.readTree(r.body());
        } catch (Exception notJson) {
            // raw body kept
        }
        return new Response(r.statusCode(), node, r.body());
    }
}
