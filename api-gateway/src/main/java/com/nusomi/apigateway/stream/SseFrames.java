package com.nusomi.apigateway.stream;

import java.nio.charset.StandardCharsets;

/**
 * The SSE frames of SPEC §5, rendered to the bytes that go on the wire: {@code field: value} lines (one space after the
 * colon, which SSE readers drop) and a blank line after each frame. A value with a line break (none of our JSON has
 * one) is split over several {@code data:} lines, so it can never end a frame early.
 */
public final class SseFrames {
    /** {@code : keepalive}: ignored by SSE readers, keeps proxies from closing an idle stream. */
    public static final byte[] KEEPALIVE = comment("keepalive");

    private SseFrames() {}

    /** {@code id: evt_…}, {@code event: <type>}, {@code data: {…}}. */
    public static byte[] event(String id, String type, String json) {
        StringBuilder frame = new StringBuilder(json.length() + 64);
        frame.append("id: ").append(oneLine(id)).append('\n');
        return named(frame, type, json);
    }

    /** A named frame without id (export status, end). */
    public static byte[] named(String name, String json) {
        return named(new StringBuilder(json.length() + 32), name, json);
    }

    /** {@code : <text>}. */
    public static byte[] comment(String text) {
        return (": " + oneLine(text) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] named(StringBuilder frame, String name, String json) {
        frame.append("event: ").append(oneLine(name)).append('\n');
        if (!breaks(json)) {
            frame.append("data: ").append(json).append('\n');
        } else {
            for (String line : json.split("\r\n|\r|\n", -1)) {
                frame.append("data: ").append(line).append('\n');
            }
        }
        return frame.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String oneLine(String value) {
        String v = String.valueOf(value);
        return breaks(v) ? v.replaceAll("[\r\n]", " ") : v;
    }

    private static boolean breaks(String value) {
        return value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
    }
}
