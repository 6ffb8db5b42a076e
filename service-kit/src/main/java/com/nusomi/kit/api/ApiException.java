package com.nusomi.kit.api;

import com.nusomi.contracts.ErrorCode;

/** An error the API answers with the SPEC §4 envelope: {@code {"error": {code, message, param, request_id}}}. */
public class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final String param;

    public ApiException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ApiException(ErrorCode code, String message, String param) {
        super(message);
        this.code = code;
        this.param = param;
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
