package com.nusomi.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One screen capture (SPEC §2).
 *
 * @param id                {@code frm_…}
 * @param sessionId         its session
 * @param tMs               ms since session start
 * @param imageUrl          time-limited signed URL of the WebP
 * @param dom               DOM snapshot (browser surfaces), or null
 * @param accessibilityTree AX / UIA / AT-SPI tree, or null
 * @param viewport          screen size
 * @param app               foreground app, or null
 * @param cursor            cursor position, or null
 * @param keyframe          the screen changed materially since the previous keyframe
 */
public record Frame(String id, String sessionId, long tMs, String imageUrl, JsonNode dom, JsonNode accessibilityTree,
                    Viewport viewport, AppInfo app, Point cursor, boolean keyframe) {}
