package com.nusomi.sdk;

/**
 * Paging of a list call.
 *
 * @param pageSize items per request (default 100; the server caps it)
 * @param cursor   start after this cursor instead of at the beginning, or null
 */
public record ListOptions(int pageSize, String cursor) {
    /** 100 a page, from the start. */
    public static final ListOptions DEFAULT = new ListOptions(100, null);

    public ListOptions {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1");
        }
    }

    /** Pages of {@code pageSize} items. */
    public static ListOptions pageSize(int pageSize) {
        return new ListOptions(pageSize, null);
    }
}
