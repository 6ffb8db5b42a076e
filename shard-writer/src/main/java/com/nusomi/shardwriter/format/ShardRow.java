package com.nusomi.shardwriter.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One SPEC §6 row (a frame/action pair), resolved from the catalog and ready for any format.
 * JSON-shaped parts are kept as parsed trees so every format renders the same values.
 */
public record ShardRow(String sessionId, long tMs, Frame frame, Action action, Context context) {

    /** The screen; {@code imageUrl} already points into the destination. */
    public record Frame(String imageUrl, String imageSha256, JsonNode viewport, JsonNode dom, JsonNode accessibilityTree) {}

    /** An event as a dataset action: its type plus the stored payload fields. */
    public record Action(String type, ObjectNode payload) {}

    public record Context(String workflow, Action priorAction, String outcome) {}

    public boolean hasFrame() {
        return frame != null;
    }

    public boolean hasAction() {
        return action != null;
    }
}
