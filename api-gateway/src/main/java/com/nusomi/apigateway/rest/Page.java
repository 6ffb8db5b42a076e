package com.nusomi.apigateway.rest;

import java.util.List;
import java.util.function.Function;

/** The SPEC §4 list envelope: {@code {data, next_cursor, has_more}}. */
public record Page<T>(List<T> data, String nextCursor, boolean hasMore) {

    /**
     * A page from {@code limit + 1} fetched rows: the extra row only tells that more exist.
     *
     * @param cursorOf the opaque cursor that resumes after a given row
     */
    public static <R, T> Page<T> of(List<R> fetched, int limit, Function<R, String> cursorOf, Function<R, T> view) {
        boolean more = fetched.size() > limit;
        List<R> rows = more ? fetched.subList(0, limit) : fetched;
        String next = more ? cursorOf.apply(rows.get(rows.size() - 1)) : null;
        return new Page<>(rows.stream().map(view).toList(), next, more);
    }
}
