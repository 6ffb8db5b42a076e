package com.nusomi.kit.export;

import com.nusomi.contracts.ErrorCode;
import com.nusomi.kit.api.ApiException;

/**
 * Why an export request is refused: the SPEC §4 code, a message for the user and the JSON path of the field at fault
 * ({@code filter.since}, {@code destination.bucket}). The gateway answers it as a 400; the planner, which re-checks
 * requests it did not see validated, fails the export with it.
 */
public record ExportViolation(ErrorCode code, String message, String param) {

    public ApiException toApiException() {
        return new ApiException(code, message, param);
    }

    static ExportViolation invalidFilter(String param, String message) {
        return new ExportViolation(ErrorCode.INVALID_FILTER, message, param);
    }

    static ExportViolation invalidRequest(String param, String message) {
        return new ExportViolation(ErrorCode.INVALID_REQUEST, message, param);
    }
}
