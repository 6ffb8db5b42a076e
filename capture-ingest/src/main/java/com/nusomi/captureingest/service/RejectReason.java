package com.nusomi.captureingest.service;

import java.util.Locale;

/** Why an upload was refused; the tag of the rejection metrics. */
public enum RejectReason {
    BAD_HEADER,
    INVALID_METADATA,
    TOO_MANY_FRAMES,
    MISSING_PART,
    UNKNOWN_PART,
    TOO_LARGE,
    NOT_WEBP,
    BAD_DIMENSIONS,
    T_MS_ORDER,
    T_MS_CONFLICT;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
