package com.nusomi.contracts;

/** SPEC §4 error codes with their HTTP status. The wire value is {@link #code()}. */
public enum ErrorCode {
    MISSING_AUTHORIZATION(401),
    INVALID_API_KEY(401),
    INSUFFICIENT_SCOPE(403),
    WORKSPACE_DISABLED(403),
    SESSION_NOT_FOUND(404),
    FRAME_NOT_FOUND(404),
    EXPORT_NOT_FOUND(404),
    WEBHOOK_NOT_FOUND(404),
    KEY_NOT_FOUND(404),
    WORKSPACE_NOT_FOUND(404),
    INVALID_STATE(409),
    INVALID_REQUEST(400),
    INVALID_WORKFLOW_SLUG(400),
    INVALID_METADATA(400),
    INVALID_FILTER(400),
    UNSUPPORTED_FORMAT(400),
    SESSION_EMPTY(422),
    RATE_LIMITED(429),
    QUOTA_EXCEEDED(429),
    STREAM_LIMIT_EXCEEDED(429),
    INTERNAL_ERROR(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static java.util.Optional<ErrorCode> fromCode(String code) {
        for (ErrorCode c : values()) {
            if (c.code().equals(code)) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }
}
