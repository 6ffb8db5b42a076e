package com.nusomi.kit.export;

import com.nusomi.contracts.ErrorCode;
import com.nusomi.kit.api.ApiException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code since}/{@code until} as SPEC §6 writes them: ISO-8601 (an instant or offset date-time; a bare date is UTC
 * midnight) or relative to now ({@code 30d}, {@code 12h}, {@code 15m}, {@code 45s}, {@code 500ms}, {@code 2w}),
 * meaning that long before now. Millisecond precision, like every time on the wire.
 */
public final class FilterTimes {
    private static final Pattern RELATIVE = Pattern.compile("^(\\d{1,9})(ms|s|m|h|d|w)$");

    private FilterTimes() {}

    /** @throws ApiException {@code invalid_filter} naming {@code param} when {@code value} is neither form */
    public static Instant parse(String value, Instant now, String param) {
        String text = value.strip();
        Matcher relative = RELATIVE.matcher(text);
        if (relative.matches()) {
            long n = Long.parseLong(relative.group(1));
            Duration ago = switch (relative.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return now.minus(ago).truncatedTo(ChronoUnit.MILLIS);
        }
        try {
            return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeException notDateTime) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeException notDate) {
                throw new ApiException(ErrorCode.INVALID_FILTER, param + " must be an ISO-8601 time (2026-01-31T12:00:00Z, "
                        + "2026-01-31) or relative to now (30d, 12h, 15m), got '" + value + "'", param);
            }
        }
    }
}
