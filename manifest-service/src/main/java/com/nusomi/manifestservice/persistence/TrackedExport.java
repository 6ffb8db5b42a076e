package com.nusomi.manifestservice.persistence;

/**
 * An export with where it stands: its plan and state, and, once final, its outcome and whether that outcome's
 * status was published.
 */
public record TrackedExport(PlannedExport plan, String manifestUrl, String errorCode, String errorMessage,
                            boolean finalPublished) {}
