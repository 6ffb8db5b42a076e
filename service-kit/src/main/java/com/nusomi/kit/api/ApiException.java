package com.nusomi.kit.api;

import com.nusomi.contracts.ErrorCode;

/** An error the API answers with the SPEC §4 envelope: {@code {"error": {code, message, param, request_id}}}. */
public class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final String param;
    private final int httpStatus;

    public ApiException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ApiException(ErrorCode code, String message, String param) {
        this(code, code.httpStatus(), message, param);
    }

    /** For the few answers whose status differs from the code's usual one (SPEC: another image at a stored t_ms → 409 invalid_request). */
    public ApiException(ErrorCode code, int httpStatus, String message, String param) {
        super(message);
        this.code = code;
        this.param = param;
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public ErrorCode code() {
        return code;
    }

    /** The request field at fault, or null. */
    public String param() {
        return param;
    }

    public static ApiException invalidRequest(String message, String param) {
        return new ApiException(ErrorCode.INVALID_REQUEST, message, param);
    }
}
