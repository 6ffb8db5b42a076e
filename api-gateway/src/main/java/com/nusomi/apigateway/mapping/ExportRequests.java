package com.nusomi.apigateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Limits;
import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.AzureBlobDestination;
import com.nusomi.contracts.avro.ExportFilter;
import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.FrameSampling;
import com.nusomi.contracts.avro.GcsDestination;
import com.nusomi.contracts.avro.Outcome;
import com.nusomi.contracts.avro.S3Destination;
import com.nusomi.contracts.avro.SamplingMode;
import com.nusomi.contracts.avro.SignedUrlDestination;
import com.nusomi.kit.api.ApiException;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.generic.GenericRecord;

/**
 * {@code POST /v1/exports} bodies (SPEC §6) → the parts of an {@code ExportRequest}, with the SPEC's 400s:
 * invalid_workflow_slug, invalid_filter ({@code filter.<field>}), unsupported_format, invalid_request
 * ({@code destination}, {@code destination.kind}, …). Relative times ({@code 30d}) are resolved against {@code now}.
 */
public final class ExportRequests {
    static final int TAG_MAX = 200;
    private static final Pattern RELATIVE = Pattern.compile("^(\\d{1,9})(ms|s|m|h|d|w)$");
    private static final Set<String> FILTER_FIELDS = Set.of("outcome", "since", "until", "actor.kind", "actor_kind", "actor",
            "min_duration_ms", "max_duration_ms", "tag", "path", "exclude_session_ids", "min_event_confidence");

    private ExportRequests() {}

    /** A validated export request; {@code understood} is what gets stored: filter, sampling and destination as read. */
    public record ParsedExport(JsonNode workflow, List<String> workflows, ExportFilter filter, ExportFormat format,
                               FrameSampling frameSampling, Object destination, String tag, long shardSizeBytes,
                               ObjectNode understood) {}

    public static ParsedExport parse(JsonNode body, Instant now) {
        JsonNode request = JsonBody.object(body);
        JsonNode workflow = request.get("workflow");
        List<String> workflows = workflows(workflow);
        ExportFilter filter = filter(request.get("filter"), now);
        ExportFormat format = format(request.get("format"));
        FrameSampling sampling = sampling(request.get("frame_sampling"));
        Object destination = destination(request.get("destination"));
        String tag = JsonBody.string(request, "tag", "tag").orElse(null);
        if (tag != null && (tag.isBlank() || tag.length() > TAG_MAX)) {
            throw ApiException.invalidRequest("tag must be 1 to " + TAG_MAX + " characters", "tag");
        }
        long shardSize = JsonBody.field(request, "shard_size_bytes").map(v -> {
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < Limits.SHARD_SIZE_MIN_BYTES) {
                throw ApiException.invalidRequest("shard_size_bytes must be an integer ≥ " + Limits.SHARD_SIZE_MIN_BYTES,
                        "shard_size_bytes");
            }
            return v.asLong();
        }).orElse(Limits.SHARD_SIZE_DEFAULT_BYTES);

        ObjectNode understood = JsonNodeFactory.instance.objectNode();
        understood.set("filter", filterJson(filter));
        understood.set("frame_sampling", recordJson(sampling));
        understood.set("destination", destinationJson(destination));
        JsonNode workflowAsGiven = workflow.isArray() ? workflow : JsonNodeFactory.instance.textNode(workflows.get(0));
        return new ParsedExport(workflowAsGiven, workflows, filter, format, sampling, destination, tag, shardSize, understood);
    }

    private static List<String> workflows(JsonNode workflow) {
        if (workflow == null || workflow.isNull()) {
            throw new ApiException(ErrorCode.INVALID_WORKFLOW_SLUG, "workflow is required: a slug or a list of slugs", "workflow");
        }
        if (workflow.isArray()) {
            if (workflow.isEmpty()) {
                throw new ApiException(ErrorCode.INVALID_WORKFLOW_SLUG, "workflow must name at least one workflow", "workflow");
            }
            List<String> slugs = new ArrayList<>();
            for (JsonNode slug : workflow) {
                String s = SessionRequests.slug(slug, "workflow");
                if (!slugs.contains(s)) {
                    slugs.add(s);
                }
            }
            return slugs;
        }
        return List.of(SessionRequests.slug(workflow, "workflow"));
    }

    static ExportFilter filter(JsonNode node, Instant now) {
        var filter = ExportFilter.newBuilder();
        if (node == null || node.isNull()) {
            return filter.build();
        }
        if (!node.isObject()) {
            throw invalidFilter("filter must be an object", "filter");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FILTER_FIELDS.contains(name)) {
                throw invalidFilter("filter." + name + " is not a filter; known: outcome, since, until, actor.kind, "
                        + "min_duration_ms, max_duration_ms, tag, path, exclude_session_ids, min_event_confidence", "filter." + name);
            }
        }
        text(node, "outcome").ifPresent(v -> filter.setOutcome(enumValue(v, Outcome.values(), "filter.outcome", Outcome::valueOf)));
        Instant since = text(node, "since").map(v -> time(v, now, "filter.since")).orElse(null);
        Instant until = text(node, "until").map(v -> time(v, now, "filter.until")).orElse(null);
        if (since != null && until != null && !since.isBefore(until)) {
            throw invalidFilter("filter.since must be before filter.until", "filter.since");
        }
        filter.setSince(since).setUntil(until);
        String actorKind = actorKind(node);
        if (actorKind != null) {
            filter.setActorKind(enumValue(actorKind, ActorKind.values(), "filter.actor.kind", ActorKind::valueOf));
        }
        Long min = duration(node, "min_duration_ms");
        Long max = duration(node, "max_duration_ms");
        if (min != null && max != null && min > max) {
            throw invalidFilter("filter.min_duration_ms cannot exceed filter.max_duration_ms", "filter.min_duration_ms");
        }
        filter.setMinDurationMs(min).setMaxDurationMs(max);
        text(node, "tag").ifPresent(filter::setTag);
        if (text(node, "path").isPresent()) {
            throw invalidFilter("filter.path needs the memory graph, which this installation does not have yet", "filter.path");
        }
        filter.setExcludeSessionIds(excluded(node.get("exclude_session_ids")));
        JsonNode confidence = node.get("min_event_confidence");
        if (confidence != null && !confidence.isNull()) {
            if (!confidence.isNumber() || confidence.asDouble() < 0 || confidence.asDouble() > 1) {
                throw invalidFilter("filter.min_event_confidence must be a number between 0 and 1", "filter.min_event_confidence");
            }
            filter.setMinEventConfidence(confidence.asDouble());
        }
        return filter.build();
    }

    /** ISO-8601 (instant, offset date-time or date, taken as UTC midnight) or relative to now ({@code 30d}, {@code 12h}). */
    static Instant time(String value, Instant now, String param) {
        Matcher relative = RELATIVE.matcher(value.trim());
        if (relative.matches()) {
            long n = Long.parseLong(relative.group(1));
            Duration ago = switch (relative.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return now.minus(ago).truncatedTo(ChronoUnit.MILLIS);
        }
        try {
            return OffsetDateTime.parse(value).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeException notDateTime) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeException notDate) {
                throw invalidFilter(param + " must be an ISO-8601 time (2026-01-31T12:00:00Z, 2026-01-31) or relative "
                        + "to now (30d, 12h, 15m), got '" + value + "'", param);
            }
        }
    }

    private static String actorKind(JsonNode filter) {
        JsonNode dotted = filter.get("actor.kind");
        JsonNode snake = filter.get("actor_kind");
        JsonNode nested = filter.path("actor").get("kind");
        if (filter.has("actor") && !filter.get("actor").isObject()) {
            throw invalidFilter("filter.actor must be an object {kind}", "filter.actor");
        }
        for (JsonNode value : new JsonNode[] {dotted, snake, nested}) {
            if (value != null && !value.isNull()) {
                if (!value.isTextual()) {
                    throw invalidFilter("filter.actor.kind must be one of human, model, script", "filter.actor.kind");
                }
                return value.asText();
            }
        }
        return null;
    }

    private static Long duration(JsonNode filter, String name) {
        JsonNode value = filter.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw invalidFilter("filter." + name + " must be a non-negative integer", "filter." + name);
        }
        return value.asLong();
    }

    private static List<String> excluded(JsonNode value) {
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalidFilter("filter.exclude_session_ids must be an array of session ids", "filter.exclude_session_ids");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode id : value) {
            if (!id.isTextual() || !IdPrefix.SESSION.matches(id.asText())) {
                throw invalidFilter("filter.exclude_session_ids must hold session ids (ses_…)", "filter.exclude_session_ids");
            }
            ids.add(id.asText());
        }
        return ids;
    }

    private static Optional<String> text(JsonNode filter, String name) {
        JsonNode value = filter.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalidFilter("filter." + name + " must be a string", "filter." + name);
        }
        return Optional.of(value.asText());
    }

    private static <E extends Enum<E>> E enumValue(String value, E[] allowed, String param, Function<String, E> of) {
        for (E e : allowed) {
            if (e.name().equals(value)) {
                return of.apply(value);
            }
        }
        throw invalidFilter(param + " must be one of " + List.of(allowed) + ", got '" + value + "'", param);
    }

    static ExportFormat format(JsonNode value) {
        if (value == null || value.isNull()) {
            return ExportFormat.parquet;
        }
        if (value.isTextual()) {
            for (ExportFormat f : ExportFormat.values()) {
                if (f.name().equals(value.asText())) {
                    return f;
                }
            }
        }
        throw new ApiException(ErrorCode.UNSUPPORTED_FORMAT, "format must be one of parquet, webdataset, jsonl, arrow; got "
                + value, "format");
    }

    static FrameSampling sampling(JsonNode value) {
        var sampling = FrameSampling.newBuilder();
        if (value == null || value.isNull()) {
            return sampling.build();
        }
        if (!value.isObject()) {
            throw ApiException.invalidRequest("frame_sampling must be an object {mode, interval_ms, keep_action_frames}", "frame_sampling");
        }
        JsonNode mode = value.get("mode");
        if (mode != null && !mode.isNull()) {
            if (!mode.isTextual() || !SessionRequests.isOneOf(mode.asText(), SamplingMode.values())) {
                throw ApiException.invalidRequest("frame_sampling.mode must be one of " + List.of(SamplingMode.values()),
                        "frame_sampling.mode");
            }
            sampling.setMode(SamplingMode.valueOf(mode.asText()));
        }
        JsonBody.field(value, "interval_ms").ifPresent(v -> {
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() <= 0) {
                throw ApiException.invalidRequest("frame_sampling.interval_ms must be a positive integer", "frame_sampling.interval_ms");
            }
            sampling.setIntervalMs(v.asLong());
        });
        if (sampling.getMode() == SamplingMode.every_n_ms && sampling.getIntervalMs() == null) {
            throw ApiException.invalidRequest("frame_sampling.interval_ms is required with mode every_n_ms", "frame_sampling.interval_ms");
        }
        JsonBody.bool(value, "keep_action_frames", "frame_sampling.keep_action_frames").ifPresent(sampling::setKeepActionFrames);
        return sampling.build();
    }

    static Object destination(JsonNode value) {
        if (value == null || value.isNull()) {
            throw ApiException.invalidRequest("destination is required: {kind: s3|gcs|azure_blob|signed_url, …}", "destination");
        }
        if (!value.isObject()) {
            throw ApiException.invalidRequest("destination must be an object {kind, …}", "destination");
        }
        String kind = JsonBody.string(value, "kind", "destination.kind")
                .orElseThrow(() -> ApiException.invalidRequest("destination.kind is required: s3, gcs, azure_blob or signed_url",
                        "destination.kind"));
        return switch (kind) {
            case "s3" -> S3Destination.newBuilder()
                    .setBucket(required(value, "bucket"))
                    .setPrefix(prefix(value))
                    .setRegion(optional(value, "region"))
                    .setRoleArn(optional(value, "role_arn"))
                    .setEndpoint(endpoint(value))
                    .build();
            case "gcs" -> GcsDestination.newBuilder()
                    .setBucket(required(value, "bucket"))
                    .setPrefix(prefix(value))
                    .setServiceAccount(optional(value, "service_account"))
                    .build();
            case "azure_blob" -> AzureBlobDestination.newBuilder()
                    .setAccount(required(value, "account"))
                    .setContainer(required(value, "container"))
                    .setPrefix(prefix(value))
                    .build();
            case "signed_url" -> new SignedUrlDestination(null);
            default -> throw ApiException.invalidRequest("destination.kind must be one of s3, gcs, azure_blob, signed_url; got '"
                    + kind + "'", "destination.kind");
        };
    }

    private static String required(JsonNode destination, String field) {
        String param = "destination." + field;
        String value = JsonBody.string(destination, field, param)
                .orElseThrow(() -> ApiException.invalidRequest(param + " is required", param));
        if (value.isBlank()) {
            throw ApiException.invalidRequest(param + " must not be empty", param);
        }
        return value;
    }

    private static String optional(JsonNode destination, String field) {
        return JsonBody.string(destination, field, "destination." + field).filter(v -> !v.isBlank()).orElse(null);
    }

    private static String prefix(JsonNode destination) {
        return JsonBody.string(destination, "prefix", "destination.prefix").orElse("");
    }

    private static String endpoint(JsonNode destination) {
        String endpoint = optional(destination, "endpoint");
        if (endpoint == null) {
            return null;
        }
        try {
            URI uri = URI.create(endpoint);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return endpoint;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ApiException.invalidRequest("destination.endpoint must be an http(s) URL", "destination.endpoint");
    }

    /** The filter as understood (relative times resolved), for the stored request. */
    static ObjectNode filterJson(ExportFilter filter) {
        return recordJson(filter); // since/until as ISO-8601 instants
    }

    static ObjectNode destinationJson(Object destination) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("kind", switch (destination) {
            case S3Destination d -> "s3";
            case GcsDestination d -> "gcs";
            case AzureBlobDestination d -> "azure_blob";
            default -> "signed_url";
        });
        json.setAll(recordJson((GenericRecord) destination));
        json.remove("note");
        return json;
    }

    /** Flat records of strings, numbers, booleans, enums and string lists as JSON. */
    private static ObjectNode recordJson(GenericRecord record) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        for (var field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (value == null) {
                json.putNull(field.name());
            } else if (value instanceof Number || value instanceof Boolean) {
                json.set(field.name(), Json.MAPPER.valueToTree(value));
            } else if (value instanceof List<?> list) {
                var array = json.putArray(field.name());
                list.forEach(item -> array.add(item.toString()));
            } else {
                json.put(field.name(), value.toString());
            }
        }
        return json;
    }

    private static ApiException invalidFilter(String message, String param) {
        return new ApiException(ErrorCode.INVALID_FILTER, message, param);
    }
}
