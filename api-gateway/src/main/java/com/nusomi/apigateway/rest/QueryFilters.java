package com.nusomi.apigateway.rest;

import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Limits;
import com.nusomi.kit.api.ApiException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Filters of list endpoints, read from the query string: a value that cannot be a filter is 400 {@code invalid_filter}
 * with the parameter as {@code param} ({@code t_ms.gte}); an absent or empty one means "any".
 */
public final class QueryFilters {
    private QueryFilters() {}

    /** One of the enum's wire names. */
    public static String oneOf(String raw, Enum<?>[] allowed, String param) {
        if (blank(raw)) {
            return null;
        }
        String value = raw.trim();
        if (Arrays.stream(allowed).noneMatch(v -> v.name().equals(value))) {
            throw invalid(param + " must be one of " + Arrays.stream(allowed).map(Enum::name).toList() + ", got '" + value + "'", param);
        }
        return value;
    }

    /** A comma list of the enum's wire names ({@code type=click,submit}). */
    public static List<String> anyOf(String raw, Enum<?>[] allowed, String param) {
        if (blank(raw)) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (String part : raw.split(",")) {
            values.add(oneOf(part.isBlank() ? "" : part, allowed, param));
        }
        if (values.contains(null)) {
            throw invalid(param + " must be a comma-separated list of " + Arrays.stream(allowed).map(Enum::name).toList(), param);
        }
        return values;
    }

    public static Long nonNegativeLong(String raw, String param) {
        if (blank(raw)) {
            return null;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalid(param + " must be an integer ≥ 0, got '" + raw + "'", param);
    }

    /** A number in 0..1 (confidence). */
    public static Double fraction(String raw, String param) {
        if (blank(raw)) {
            return null;
        }
        try {
            double value = Double.parseDouble(raw.trim());
            if (value >= 0 && value <= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalid(param + " must be a number between 0 and 1, got '" + raw + "'", param);
    }

    /** An ISO-8601 instant ({@code 2026-12-01T10:00:00Z}), offset date-time or date (midnight UTC). */
    public static Instant instant(String raw, String param) {
        if (blank(raw)) {
            return null;
        }
        String value = raw.trim();
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw invalid(param + " must be an ISO-8601 date-time such as 2026-12-01T10:00:00Z or a date, got '" + value + "'", param);
        }
    }

    /** An id of the given kind; anything else is no such resource, so nothing could match. */
    public static String id(String raw, IdPrefix prefix, String param) {
        if (blank(raw)) {
            return null;
        }
        if (!prefix.matches(raw.trim())) {
            throw invalid(param + " must be an id of the form " + prefix.prefix() + "<ULID>, got '" + raw + "'", param);
        }
        return raw.trim();
    }

    /** A workflow slug (400 invalid_workflow_slug). */
    public static String slug(String raw, String param) {
        if (blank(raw)) {
            return null;
        }
        if (!Limits.WORKFLOW_SLUG.matcher(raw).matches()) {
            throw new ApiException(ErrorCode.INVALID_WORKFLOW_SLUG, param + " must be a slug matching " + Limits.WORKFLOW_SLUG_REGEX, param);
        }
        return raw;
    }

    /** {@code since < until} when both are given. */
    public static void ordered(Instant since, Instant until) {
        if (since != null && until != null && !since.isBefore(until)) {
            throw invalid("since must be before until", "since");
        }
    }

    private static boolean blank(String raw) {
        return raw == null || raw.isBlank();
    }

    private static ApiException invalid(String message, String param) {
        return new ApiException(ErrorCode.INVALID_FILTER, message, param);
    }
}
