package com.nusomi.apigateway.rest;

import com.nusomi.kit.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code limit} and {@code cursor} of list endpoints. Cursors are opaque to clients: base64url of a position. */
public final class Paging {
    private static final String VERSION = "v1:";

    private Paging() {}

    /** The page size: {@code defaultLimit} when absent, else an integer in 1..max (400 param "limit" otherwise). */
    public static int limit(String raw, int defaultLimit, int max) {
        if (raw == null || raw.isBlank()) {
            return defaultLimit;
        }
        int limit;
        try {
            limit = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalidRequest("limit must be an integer between 1 and " + max, "limit");
        }
        if (limit < 1 || limit > max) {
            throw ApiException.invalidRequest("limit must be between 1 and " + max + ", got " + limit, "limit");
        }
        return limit;
    }

    public static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((VERSION + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor stands for, or null without a cursor; 400 param "cursor" when it is not one of ours. */
    public static String decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidCursor();
        }
        if (!text.startsWith(VERSION) || text.length() == VERSION.length()) {
            throw invalidCursor();
        }
        return text.substring(VERSION.length());
    }

    public static ApiException invalidCursor() {
        return ApiException.invalidRequest("cursor is not a cursor this API returned", "cursor");
    }
}
