package com.nusomi.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A frame to upload: WebP bytes plus what the capture knew about the screen.
 *
 * @param tMs               ms since session start; rises strictly within a session
 * @param webp              the image, WebP encoded
 * @param viewport          screen size
 * @param dom               DOM snapshot, or null
 * @param accessibilityTree accessibility tree, or null
 * @param app               foreground app, or null
 * @param cursor            cursor position, or null
 */
public record FrameUpload(long tMs, byte[] webp, Viewport viewport, JsonNode dom, JsonNode accessibilityTree,
                          AppInfo app, Point cursor) {
    /** A frame with only its time, image and viewport. */
    public static FrameUpload of(long tMs, byte[] webp, Viewport viewport) {
        return new FrameUpload(tMs, webp, viewport, null, null, null, null);
    }
}
