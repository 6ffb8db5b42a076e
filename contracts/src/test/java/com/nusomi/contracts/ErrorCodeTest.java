package com.nusomi.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void wireCodesAndStatusesAreTheSpecs() {
        assertEquals("missing_authorization", ErrorCode.MISSING_AUTHORIZATION.code());
        assertEquals(401, ErrorCode.INVALID_API_KEY.httpStatus());
        assertEquals(403, ErrorCode.INSUFFICIENT_SCOPE.httpStatus());
        assertEquals(404, ErrorCode.SESSION_NOT_FOUND.httpStatus());
        assertEquals(404, ErrorCode.FRAME_NOT_FOUND.httpStatus());
        assertEquals(403, ErrorCode.WORKSPACE_DISABLED.httpStatus());
        assertEquals(ErrorCode.WORKSPACE_NOT_FOUND, ErrorCode.fromCode("workspace_not_found").orElseThrow());
        assertEquals(400, ErrorCode.INVALID_FILTER.httpStatus());
        assertEquals(409, ErrorCode.INVALID_STATE.httpStatus());
        assertEquals(422, ErrorCode.SESSION_EMPTY.httpStatus());
        assertEquals(429, ErrorCode.STREAM_LIMIT_EXCEEDED.httpStatus());
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, ErrorCode.fromCode("unsupported_format").orElseThrow());
    }
}
