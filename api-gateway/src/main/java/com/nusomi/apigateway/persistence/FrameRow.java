package com.nusomi.apigateway.persistence;

import java.time.Instant;

/** A row of {@code catalog.frames} (written by session-sealer), JSON columns as text. */
public record FrameRow(String id, String sessionId, long tMs, String imageBucket, String imageKey, String imageSha256,
                       long imageSize, int width, int height, String viewportJson, String domJson,
                       String accessibilityTreeJson, String appJson, String cursorJson, boolean keyframe,
                       Instant capturedAt) {}
