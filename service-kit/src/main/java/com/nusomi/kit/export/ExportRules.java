package com.nusomi.kit.export;

import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Limits;
import com.nusomi.contracts.avro.AzureBlobDestination;
import com.nusomi.contracts.avro.ExportFilter;
import com.nusomi.contracts.avro.ExportRequest;
import com.nusomi.contracts.avro.FrameSampling;
import com.nusomi.contracts.avro.GcsDestination;
import com.nusomi.contracts.avro.S3Destination;
import com.nusomi.contracts.avro.SamplingMode;
import com.nusomi.contracts.avro.SignedUrlDestination;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules an export request must meet (SPEC §6), in one place: the gateway applies them before it accepts a request
 * (400 with the violation), the planner again on every request it consumes (failed export with the violation), so a
 * request the API accepted is never refused later for a reason it could have seen. Checks run in a fixed order and
 * the first violation wins, so the same request always gets the same answer.
 */
public final class ExportRules {
    /** Longest {@code tag}: a label such as {@code process_invoice@2026-05-07}, not a document. */
    public static final int TAG_MAX_CHARS = 200;
    /** Longest destination prefix (S3 keys are at most 1024 bytes; the prefix leaves room for the object names). */
    public static final int PREFIX_MAX_CHARS = 512;
    /** Most session ids {@code filter.exclude_session_ids} may list (the request travels as one Kafka record). */
    public static final int EXCLUDED_SESSIONS_MAX = 10_000;
    private static final Pattern ROLE_ARN = Pattern.compile("^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$");

    private ExportRules() {}

    /** The first rule {@code request} breaks, if any. */
    public static Optional<ExportViolation> check(ExportRequest request) {
        return firstOf(
                workflows(request.getWorkflows()),
                filter(request.getFilter()),
                sampling(request.getFrameSampling()),
                destination(request.getDestination()),
                tag(request.getTag()),
                shardSize(request.getShardSizeBytes()));
    }

    /** Throws the first violation as a SPEC §4 API error. */
    public static void require(ExportRequest request) {
        check(request).ifPresent(v -> {
            throw v.toApiException();
        });
    }

    static Optional<ExportViolation> workflows(List<String> workflows) {
        if (workflows == null || workflows.isEmpty()) {
            return Optional.of(new ExportViolation(ErrorCode.INVALID_WORKFLOW_SLUG,
                    "workflow is required: a slug or a list of slugs", "workflow"));
        }
        for (String workflow : workflows) {
            if (workflow == null || !Limits.WORKFLOW_SLUG.matcher(workflow).matches()) {
                return Optional.of(new ExportViolation(ErrorCode.INVALID_WORKFLOW_SLUG, "workflow '" + workflow
                        + "' is not a slug matching " + Limits.WORKFLOW_SLUG.pattern(), "workflow"));
            }
        }
        return Optional.empty();
    }

    static Optional<ExportViolation> filter(ExportFilter filter) {
        if (filter.getPath() != null) {
            return violation(ExportViolation.invalidFilter("filter.path", "filter.path selects a memory-graph path, and "
                    + "this installation has no memory graph yet; leave filter.path out"));
        }
        if (filter.getSince() != null && filter.getUntil() != null && !filter.getSince().isBefore(filter.getUntil())) {
            return violation(ExportViolation.invalidFilter("filter.since", "filter.since (" + filter.getSince()
                    + ") must be before filter.until (" + filter.getUntil() + ")"));
        }
        for (var bound : List.of(new Bound("filter.min_duration_ms", filter.getMinDurationMs()),
                new Bound("filter.max_duration_ms", filter.getMaxDurationMs()))) {
            if (bound.value() != null && bound.value() < 0) {
                return violation(ExportViolation.invalidFilter(bound.param(), bound.param() + " cannot be negative"));
            }
        }
        if (filter.getMinDurationMs() != null && filter.getMaxDurationMs() != null
                && filter.getMinDurationMs() > filter.getMaxDurationMs()) {
            return violation(ExportViolation.invalidFilter("filter.min_duration_ms",
                    "filter.min_duration_ms cannot exceed filter.max_duration_ms"));
        }
        if (filter.getTag() != null && filter.getTag().isBlank()) {
            return violation(ExportViolation.invalidFilter("filter.tag", "filter.tag must name a session tag"));
        }
        if (filter.getExcludeSessionIds().size() > EXCLUDED_SESSIONS_MAX) {
            return violation(ExportViolation.invalidFilter("filter.exclude_session_ids",
                    "filter.exclude_session_ids lists at most " + EXCLUDED_SESSIONS_MAX + " sessions"));
        }
        for (String id : filter.getExcludeSessionIds()) {
            if (!IdPrefix.SESSION.matches(id)) {
                return violation(ExportViolation.invalidFilter("filter.exclude_session_ids",
                        "filter.exclude_session_ids holds session ids (ses_…), got '" + id + "'"));
            }
        }
        Double confidence = filter.getMinEventConfidence();
        if (confidence != null && !(confidence >= 0.0 && confidence <= 1.0)) {
            return violation(ExportViolation.invalidFilter("filter.min_event_confidence",
                    "filter.min_event_confidence must be between 0 and 1, got " + confidence));
        }
        return Optional.empty();
    }

    static Optional<ExportViolation> sampling(FrameSampling sampling) {
        Long interval = sampling.getIntervalMs();
        if (sampling.getMode() == SamplingMode.every_n_ms && interval == null) {
            return violation(ExportViolation.invalidRequest("frame_sampling.interval_ms",
                    "frame_sampling.interval_ms is required with mode every_n_ms (100 = 10 frames a second)"));
        }
        if (interval != null && interval < 1) {
            return violation(ExportViolation.invalidRequest("frame_sampling.interval_ms",
                    "frame_sampling.interval_ms must be a positive number of milliseconds"));
        }
        return Optional.empty();
    }

    /** The destination's rules alone (null: none given). */
    public static Optional<ExportViolation> destination(Object destination) {
        return switch (destination) {
            case S3Destination s3 -> firstOf(
                    required("destination.bucket", s3.getBucket()),
                    prefix(s3.getPrefix()),
                    endpoint(s3.getEndpoint()),
                    roleArn(s3.getRoleArn()));
            case GcsDestination gcs -> firstOf(required("destination.bucket", gcs.getBucket()), prefix(gcs.getPrefix()));
            case AzureBlobDestination azure -> firstOf(
                    required("destination.account", azure.getAccount()),
                    required("destination.container", azure.getContainer()),
                    prefix(azure.getPrefix()));
            case SignedUrlDestination ignored -> Optional.empty();
            case null -> violation(ExportViolation.invalidRequest("destination",
                    "destination is required: {kind: s3|gcs|azure_blob|signed_url, …}"));
            default -> violation(ExportViolation.invalidRequest("destination.kind",
                    "destination.kind must be one of s3, gcs, azure_blob, signed_url"));
        };
    }

    static Optional<ExportViolation> tag(String tag) {
        if (tag != null && (tag.isBlank() || tag.length() > TAG_MAX_CHARS)) {
            return violation(ExportViolation.invalidRequest("tag", "tag must be 1 to " + TAG_MAX_CHARS + " characters"));
        }
        return Optional.empty();
    }

    static Optional<ExportViolation> shardSize(long bytes) {
        if (bytes < Limits.SHARD_SIZE_MIN_BYTES) {
            return violation(ExportViolation.invalidRequest("shard_size_bytes", "shard_size_bytes must be an integer of "
                    + "at least " + Limits.SHARD_SIZE_MIN_BYTES + " (default " + Limits.SHARD_SIZE_DEFAULT_BYTES + "), got " + bytes));
        }
        return Optional.empty();
    }

    private static Optional<ExportViolation> required(String param, String value) {
        if (value == null || value.isBlank()) {
            return violation(ExportViolation.invalidRequest(param, param + " is required"));
        }
        return Optional.empty();
    }

    private static Optional<ExportViolation> prefix(String prefix) {
        if (prefix == null) {
            return Optional.empty();
        }
        if (prefix.length() > PREFIX_MAX_CHARS) {
            return violation(ExportViolation.invalidRequest("destination.prefix",
                    "destination.prefix is at most " + PREFIX_MAX_CHARS + " characters"));
        }
        for (String segment : prefix.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return violation(ExportViolation.invalidRequest("destination.prefix",
                        "destination.prefix cannot contain '.' or '..' segments"));
            }
        }
        if (prefix.contains("\\") || prefix.chars().anyMatch(Character::isISOControl)) {
            return violation(ExportViolation.invalidRequest("destination.prefix",
                    "destination.prefix cannot contain backslashes or control characters"));
        }
        return Optional.empty();
    }

    private static Optional<ExportViolation> endpoint(String endpoint) {
        if (endpoint == null) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(endpoint);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        return violation(ExportViolation.invalidRequest("destination.endpoint",
                "destination.endpoint must be an http(s) URL such as https://minio.example.com:9000"));
    }

    private static Optional<ExportViolation> roleArn(String roleArn) {
        if (roleArn == null || ROLE_ARN.matcher(roleArn).matches()) {
            return Optional.empty();
        }
        return violation(ExportViolation.invalidRequest("destination.role_arn",
                "destination.role_arn must be an IAM role ARN such as arn:aws:iam::123456789012:role/NusomiExport"));
    }

    private static Optional<ExportViolation> violation(ExportViolation violation) {
        return Optional.of(violation);
    }

    @SafeVarargs
    private static Optional<ExportViolation> firstOf(Optional<ExportViolation>... checks) {
        for (var check : checks) {
            if (check.isPresent()) {
                return check;
            }
        }
        return Optional.empty();
    }

    private record Bound(String param, Long value) {}
}
