package com.nusomi.exportplanner.service;

import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.avro.ExportError;

/** Why an export request cannot be planned: it ends as {@code ExportStatus{failed, error}}. */
public record Rejection(ErrorCode code, String message) {
    public ExportError toExportError() {
        return ExportError.newBuilder().setCode(code.code()).setMessage(message).build();
    }
}
