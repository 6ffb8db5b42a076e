package com.nusomi.shardwriter.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One SPEC §6 row (a frame/action pair), resolved from the catalog and ready for any format.
 * JSON-shaped parts are kept as parsed trees so every format renders the same values.
 */
public record ShardRow(String sessionId, long tMs, Frame frame, Action action, Context context) {

    /**
     * The screen; {@code imageUrl} already points into the destination. {@code frameId} (may be null) tells two
     * frames with identical pixels apart when counting a shard's frames.
     */
    public record Frame(String imageUrl, String imageSha256, JsonNode viewport, JsonNode dom, JsonNode accessibilityTree,
                        String frameId) {

        public Frame(String imageUrl, String imageSha256, JsonNode viewport, JsonNode dom, JsonNode accessibilityTree) {
            this(imageUrl, imageSha256, viewport, dom, accessibilityTree, null);
        }

        /** What identifies this frame among a shard's frames: its id, else its pixels. */
        public String identity() {
            return frameId != null ? frameId : imageSha256;
        }
    }

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
