package com.nusomi.exportplanner.service;

import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.Limits;
import com.nusomi.contracts.avro.ExportFilter;
import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.ExportRequest;
import com.nusomi.contracts.avro.S3Destination;
import com.nusomi.contracts.avro.SamplingMode;
import java.util.Optional;
import java.util.Set;

/**
 * What this planner can plan today. The gateway validates the request shape before publishing; this re-checks what a
 * plan depends on, and turns capabilities not built yet (formats, sampling modes, destinations, memory paths) into
 * the error code a user sees on the export.
 */
public final class RequestValidator {
    static final Set<ExportFormat> SUPPORTED_FORMATS = Set.of(ExportFormat.jsonl);
    static final Set<SamplingMode> SUPPORTED_SAMPLING = Set.of(SamplingMode.event_only);
    static final Set<DestinationKind> SUPPORTED_DESTINATIONS = Set.of(DestinationKind.s3, DestinationKind.signed_url);

    private RequestValidator() {}

    public static Optional<Rejection> check(ExportRequest request) {
        return firstOf(
                workflows(request),
                shardSize(request),
                format(request),
                sampling(request),
                destination(request),
                filter(request.getFilter()));
    }

    private static Optional<Rejection> workflows(ExportRequest request) {
        if (request.getWorkflows().isEmpty()) {
            return reject(ErrorCode.INVALID_REQUEST, "workflow must name at least one workflow");
        }
        for (String workflow : request.getWorkflows()) {
            if (!Limits.WORKFLOW_SLUG.matcher(workflow).matches()) {
                return reject(ErrorCode.INVALID_WORKFLOW_SLUG,
                        "workflow '" + workflow + "' is not a slug matching " + Limits.WORKFLOW_SLUG.pattern());
            }
        }
        return Optional.empty();
    }

    private static Optional<Rejection> shardSize(ExportRequest request) {
        if (request.getShardSizeBytes() < Limits.SHARD_SIZE_MIN_BYTES) {
            return reject(ErrorCode.INVALID_REQUEST,
                    "shard_size_bytes must be at least " + Limits.SHARD_SIZE_MIN_BYTES + ", got " + request.getShardSizeBytes());
        }
        return Optional.empty();
    }

    private static Optional<Rejection> format(ExportRequest request) {
        if (!SUPPORTED_FORMATS.contains(request.getFormat())) {
            return reject(ErrorCode.UNSUPPORTED_FORMAT,
                    "format " + request.getFormat() + " is not supported yet (supported: jsonl)");
        }
        return Optional.empty();
    }

    private static Optional<Rejection> sampling(ExportRequest request) {
        var mode = request.getFrameSampling().getMode();
        if (!SUPPORTED_SAMPLING.contains(mode)) {
            return reject(ErrorCode.INVALID_REQUEST, "frame_sampling.mode " + mode + " is not supported yet");
        }
        return Optional.empty();
    }

    private static Optional<Rejection> destination(ExportRequest request) {
        var kind = DestinationKind.of(request.getDestination());
        if (!SUPPORTED_DESTINATIONS.contains(kind)) {
            return reject(ErrorCode.INVALID_REQUEST, "destination kind " + kind + " is not supported yet");
        }
        if (request.getDestination() instanceof S3Destination s3 && s3.getBucket().isBlank()) {
            return reject(ErrorCode.INVALID_REQUEST, "destination.bucket is required for an s3 destination");
        }
        return Optional.empty();
    }

    private static Optional<Rejection> filter(ExportFilter filter) {
        if (filter.getPath() != null) {
            return reject(ErrorCode.INVALID_FILTER,
                    "filter.path needs the memory graph, which this installation does not have yet");
        }
        if (filter.getSince() != null && filter.getUntil() != null && !filter.getSince().isBefore(filter.getUntil())) {
            return reject(ErrorCode.INVALID_FILTER, "filter.since must be before filter.until");
        }
        if (negative(filter.getMinDurationMs()) || negative(filter.getMaxDurationMs())) {
            return reject(ErrorCode.INVALID_FILTER, "filter.min_duration_ms and filter.max_duration_ms cannot be negative");
        }
        if (filter.getMinDurationMs() != null && filter.getMaxDurationMs() != null
                && filter.getMinDurationMs() > filter.getMaxDurationMs()) {
            return reject(ErrorCode.INVALID_FILTER, "filter.min_duration_ms cannot exceed filter.max_duration_ms");
        }
        Double confidence = filter.getMinEventConfidence();
        if (confidence != null && !(confidence >= 0.0 && confidence <= 1.0)) {
            return reject(ErrorCode.INVALID_FILTER, "filter.min_event_confidence must be between 0 and 1");
        }
        return Optional.empty();
    }

    private static boolean negative(Long value) {
        return value != null && value < 0;
    }

    @SafeVarargs
    private static Optional<Rejection> firstOf(Optional<Rejection>... checks) {
        for (var check : checks) {
            if (check.isPresent()) {
                return check;
            }
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(ErrorCode code, String message) {
        return Optional.of(new Rejection(code, message));
    }
}
