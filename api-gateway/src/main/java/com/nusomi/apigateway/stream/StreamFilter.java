package com.nusomi.apigateway.stream;

import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.avro.EventType;
import com.nusomi.kit.api.ApiException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The filters of an event stream (SPEC §5): {@code type} (comma list), {@code confidence_gte}, {@code from_t_ms}.
 * They apply alike to replayed and live events.
 */
public record StreamFilter(Set<String> types, Double confidenceGte, Long fromTMs) {
    public static final StreamFilter NONE = new StreamFilter(null, null, null);
    private static final List<String> TYPES = Arrays.stream(EventType.values()).map(Enum::name).toList();

    /** Parses the query parameters; a malformed one is 400 {@code invalid_filter} naming it. */
    public static StreamFilter parse(String type, String confidenceGte, String fromTMs) {
        return new StreamFilter(types(type), confidence(confidenceGte), fromTMs(fromTMs));
    }

    public boolean matches(StreamEvent e) {
        return (types == null || types.contains(e.type()))
                && (confidenceGte == null || e.confidence() >= confidenceGte)
                && (fromTMs == null || e.tMs() >= fromTMs);
    }

    /** The types as a SQL array parameter, or null for any. */
    public String[] typeArray() {
        return types == null ? null : types.toArray(String[]::new);
    }

    private static Set<String> types(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Set<String> types = new LinkedHashSet<>();
        for (String t : raw.split(",")) {
            String type = t.trim();
            if (!TYPES.contains(type)) {
                throw invalid("type must be one or more (comma-separated) of " + TYPES + "; got '" + type + "'", "type");
            }
            types.add(type);
        }
        return Set.copyOf(types);
    }

    private static Double confidence(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            double value = Double.parseDouble(raw.trim());
            if (value >= 0.0 && value <= 1.0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalid("confidence_gte must be a number from 0 to 1", "confidence_gte");
    }

    private static Long fromTMs(String raw) {
        if (raw == null || raw.isBlank()) {
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
        throw invalid("from_t_ms must be an integer ≥ 0", "from_t_ms");
    }

    private static ApiException invalid(String message, String param) {
        return new ApiException(ErrorCode.INVALID_FILTER, message, param);
    }
}
