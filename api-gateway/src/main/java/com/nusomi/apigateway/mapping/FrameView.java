package com.nusomi.apigateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.apigateway.persistence.FrameRow;
import java.time.Instant;

/** A frame as the API shows it (SPEC §2); {@code image_url} is a time-limited signed URL to the WebP. */
public record FrameView(String id, String sessionId, long tMs, String imageUrl, JsonNode dom, JsonNode accessibilityTree,
                        JsonNode viewport, JsonNode app, JsonNode cursor, boolean keyframe, Image image,
                        Instant capturedAt) {

    /** The stored image: what a client can check a download against. */
    public record Image(String sha256, long size, int w, int h) {}

    public static FrameView of(FrameRow r, String imageUrl) {
        return new FrameView(r.id(), r.sessionId(), r.tMs(), imageUrl, json(r.domJson()), json(r.accessibilityTreeJson()),
                json(r.viewportJson()), json(r.appJson()), json(r.cursorJson()), r.keyframe(),
                new Image(r.imageSha256(), r.imageSize(), r.width(), r.height()), r.capturedAt());
    }

    private static JsonNode json(String text) {
        return text == null ? null : Json.parse(text);
    }
}
