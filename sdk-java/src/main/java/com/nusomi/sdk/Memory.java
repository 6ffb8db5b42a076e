package com.nusomi.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code nusomi.memory()}: the per-workflow graph of screen states and paths (SPEC §8). Answers the items as JSON
 * until the API's shapes are fixed; {@code not_available} where the server has no memory graph.
 */
public final class Memory {
    private final HttpTransport http;

    Memory(HttpTransport http) {
        this.http = http;
    }

    /** The workflow's paths ({@code pth_…}) with frequency, outcomes, median duration. */
    public List<JsonNode> paths(String workflow) {
        return page("/v1/memory/paths", Map.of("workflow", workflow));
    }

    /** Sessions far from every frequent path of the workflow. */
    public List<JsonNode> outliers(String workflow) {
        return page("/v1/memory/outliers", Map.of("workflow", workflow));
    }

    /** Sessions that took a path like this one's. */
    public List<JsonNode> similar(String sessionId) {
        return page("/v1/sessions/" + HttpTransport.encode(sessionId) + "/similar", Map.of());
    }

    /** Frames from which failed sessions of the workflow could be recovered. */
    public List<JsonNode> recoveryPoints(String workflow) {
        return page("/v1/memory/recovery-points", Map.of("workflow", workflow));
    }

    private List<JsonNode> page(String path, Map<String, String> query) {
        JsonNode answer = LaterCapability.call(http, "memory", HttpTransport.Call.get(path, query), JsonNode.class);
        List<JsonNode> items = new ArrayList<>();
        answer.path("data").forEach(items::add);
        return items;
    }
}
