package com.nusomi.captureingest.service;

import com.nusomi.contracts.ErrorCode;
import com.nusomi.kit.api.ApiException;

/**
 * An upload refused as a whole, before anything of it was stored. Always {@code invalid_request}; the HTTP status
 * is 400, or 409 when another image already sits at a stored {@code t_ms} (SPEC "Frame upload").
 */
public class UploadRejectedException extends ApiException {
    private final int httpStatus;
    private final RejectReason reason;
    private final int declaredFrames;

    private UploadRejectedException(int httpStatus, RejectReason reason, int declaredFrames, String message, String param) {
        super(ErrorCode.INVALID_REQUEST, message, param);
        this.httpStatus = httpStatus;
        this.reason = reason;
        this.declaredFrames = declaredFrames;
    }

    /** 400 invalid_request. {@code declaredFrames}: frames the request carried, 0 when unknown. */
    public static UploadRejectedException invalid(RejectReason reason, int declaredFrames, String message, String param) {
        return new UploadRejectedException(ErrorCode.INVALID_REQUEST.httpStatus(), reason, declaredFrames, message, param);
    }

    /** 409 invalid_request: the request contradicts what is stored. */
    public static UploadRejectedException conflict(RejectReason reason, int declaredFrames, String message, String param) {
        return new UploadRejectedException(409, reason, declaredFrames, message, param);
    }

    public int httpStatus() {
        return httpStatus;
    }

    public RejectReason reason() {
        return reason;
    }

    public int declaredFrames() {
        return declaredFrames;
    }
}
