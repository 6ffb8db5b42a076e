package com.nusomi.exportplanner.service;

import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.avro.ExportError;
import com.nusomi.kit.export.ExportViolation;

/** Why an export request cannot be planned: it ends as {@code ExportStatus{failed, error}}. */
public record Rejection(ErrorCode code, String message) {

    static Rejection of(ExportViolation violation) {
        return new Rejection(violation.code(), violation.message());
    }

    public ExportError toExportError() {
        return ExportError.newBuilder().setCode(code.code()).setMessage(message).build();
    }
}
