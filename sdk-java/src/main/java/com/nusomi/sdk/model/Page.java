package com.nusomi.sdk.model;

import java.util.List;

/**
 * One page of a list endpoint: {@code {data, next_cursor, has_more}} (SPEC §4).
 *
 * @param data       the items
 * @param nextCursor resumes after the last item, or null
 * @param hasMore    more pages exist
 * @param <T>        item type
 */
public record Page<T>(List<T> data, String nextCursor, boolean hasMore) {}
