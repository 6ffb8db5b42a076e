package com.nusomi.apigateway.mapping;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.Limits;
import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.AzureBlobDestination;
import com.nusomi.contracts.avro.ExportFilter;
import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.ExportRequest;
import com.nusomi.contracts.avro.FrameSampling;
import com.nusomi.contracts.avro.GcsDestination;
import com.nusomi.contracts.avro.Outcome;
import com.nusomi.contracts.avro.S3Destination;
import com.nusomi.contracts.avro.SamplingMode;
import com.nusomi.contracts.avro.SignedUrlDestination;
import com.nusomi.kit.api.ApiException;
import com.nusomi.kit.export.ExportRules;
import com.nusomi.kit.export.FilterTimes;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code POST /v1/exports} (SPEC §6): the body bound to typed records, then checked by the shared
 * {@link ExportRules}. Binding errors get the SPEC code of the field's family, with {@code param} naming its JSON
 * path: {@code workflow…} → invalid_workflow_slug, {@code format} → unsupported_format, {@code filter…} →
 * invalid_filter, anything else → invalid_request. Unknown fields are refused, so a typo never silently widens an
 * export. Relative times ({@code 30d}) are resolved against the request's time.
 */
public final class ExportRequests {
    private static final ObjectMapper BINDER = binder();

    private ExportRequests() {}

    /** The body as sent. */
    public record CreateExport(Workflows workflow, FilterBody filter, ExportFormat format, SamplingBody frameSampling,
                               DestinationBody destination, String tag, Long shardSizeBytes) {}

    /** {@code workflow}: one slug, or a list of slugs (shown back as given). */
    @JsonDeserialize(using = Workflows.Reader.class)
    public record Workflows(List<String> slugs, boolean asList) {
        static final class Reader extends StdDeserializer<Workflows> {
            Reader() {
                super(Workflows.class);
            }

            @Override
            public Workflows deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() == JsonToken.START_ARRAY) {
                    return new Workflows(Arrays.asList(ctxt.readValue(p, String[].class)), true);
                }
                if (p.currentToken() == JsonToken.VALUE_STRING) {
                    return new Workflows(List.of(p.getText()), false);
                }
                return (Workflows) ctxt.handleUnexpectedToken(Workflows.class, p);
            }
        }
    }

    /** {@code filter}: SPEC §6 filters; {@code actor.kind} may also be written {@code actor: {kind}} or {@code actor_kind}. */
    public record FilterBody(Outcome outcome, String since, String until, ActorBody actor,
                             @JsonProperty("actor.kind") @JsonAlias("actor_kind") ActorKind actorKind,
                             Long minDurationMs, Long maxDurationMs, String tag, String path,
                             List<String> excludeSessionIds, Double minEventConfidence) {}

    public record ActorBody(ActorKind kind) {}

    /** {@code frame_sampling}. */
    public record SamplingBody(SamplingMode mode, Long intervalMs, Boolean keepActionFrames) {}

    /** {@code destination}, one record per {@code kind}. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = DestinationBody.S3.class, name = "s3"),
            @JsonSubTypes.Type(value = DestinationBody.Gcs.class, name = "gcs"),
            @JsonSubTypes.Type(value = DestinationBody.AzureBlob.class, name = "azure_blob"),
            @JsonSubTypes.Type(value = DestinationBody.SignedUrl.class, name = "signed_url")})
    public sealed interface DestinationBody {
        record S3(String bucket, String prefix, String region, String roleArn, String endpoint) implements DestinationBody {}

        record Gcs(String bucket, String prefix, String serviceAccount) implements DestinationBody {}

        record AzureBlob(String account, String container, String prefix) implements DestinationBody {}

        record SignedUrl() implements DestinationBody {}
    }

    /**
     * A request that passed binding and the shared rules.
     *
     * @param workflowAsGiven what {@code GET} shows as {@code workflow}: the slug, or the list
     * @param understood      filter, frame_sampling and destination as understood (times resolved), for the record
     */
    public record ValidExport(JsonNode workflowAsGiven, ExportRequest request, JsonNode understood) {}

    /**
     * Binds and validates {@code body}; the returned request carries {@code exportId}, {@code workspaceId} and
     * {@code now} as its requested_at.
     *
     * @throws ApiException a 400 with the SPEC code and the offending field's path
     */
    public static ValidExport bind(JsonNode body, String exportId, String workspaceId, Instant now) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalidRequest("the body must be a JSON object {workflow, destination, …}", null);
        }
        CreateExport sent;
        try {
            sent = BINDER.treeToValue(body, CreateExport.class);
        } catch (JsonMappingException e) {
            throw refused(e);
        } catch (IOException e) {
            throw ApiException.invalidRequest("the body is not a valid export request: " + e.getMessage(), null);
        }
        if (sent.destination() == null) {
            // the request record cannot hold "no destination", so the shared rule is asked before building it
            ExportRules.destination(null).ifPresent(v -> {
                throw v.toApiException();
            });
        }
        var request = ExportRequest.newBuilder()
                .setExportId(exportId)
                .setWorkspaceId(workspaceId)
                .setWorkflows(sent.workflow() == null ? List.of() : sent.workflow().slugs().stream().distinct().toList())
                .setFilter(filter(sent.filter(), now))
                .setFormat(sent.format() == null ? ExportFormat.parquet : sent.format())
                .setFrameSampling(sampling(sent.frameSampling()))
                .setDestination(destination(sent.destination()))
                .setTag(sent.tag())
                .setShardSizeBytes(sent.shardSizeBytes() == null ? Limits.SHARD_SIZE_DEFAULT_BYTES : sent.shardSizeBytes())
                .setRequestedAt(now)
                .build();
        ExportRules.require(request);
        JsonNode workflow = sent.workflow().asList()
                ? Json.MAPPER.valueToTree(request.getWorkflows())
                : Json.MAPPER.getNodeFactory().textNode(request.getWorkflows().getFirst());
        return new ValidExport(workflow, request, BINDER.valueToTree(Understood.of(request, sent.destination())));
    }

    static ExportFilter filter(FilterBody body, Instant now) {
        var filter = ExportFilter.newBuilder();
        if (body == null) {
            return filter.build();
        }
        ActorKind nested = body.actor() == null ? null : body.actor().kind();
        if (nested != null && body.actorKind() != null && nested != body.actorKind()) {
            throw new ApiException(ErrorCode.INVALID_FILTER, "filter.actor.kind is given twice with different values",
                    "filter.actor.kind");
        }
        return filter
                .setOutcome(body.outcome())
                .setSince(body.since() == null ? null : FilterTimes.parse(body.since(), now, "filter.since"))
                .setUntil(body.until() == null ? null : FilterTimes.parse(body.until(), now, "filter.until"))
                .setActorKind(nested != null ? nested : body.actorKind())
                .setMinDurationMs(body.minDurationMs())
                .setMaxDurationMs(body.maxDurationMs())
                .setTag(body.tag())
                .setPath(body.path())
                .setExcludeSessionIds(body.excludeSessionIds() == null ? List.of() : body.excludeSessionIds())
                .setMinEventConfidence(body.minEventConfidence())
                .build();
    }

    /** Defaults: event_only, keep_action_frames; interval_ms means something only to every_n_ms and is dropped otherwise. */
    static FrameSampling sampling(SamplingBody body) {
        var sampling = FrameSampling.newBuilder();
        if (body == null) {
            return sampling.build();
        }
        if (body.mode() != null) {
            sampling.setMode(body.mode());
        }
        if (body.keepActionFrames() != null) {
            sampling.setKeepActionFrames(body.keepActionFrames());
        }
        return sampling.setIntervalMs(sampling.getMode() == SamplingMode.every_n_ms ? body.intervalMs() : null).build();
    }

    static Object destination(DestinationBody body) {
        return switch (body) {
            case null -> null;
            case DestinationBody.S3 s3 -> S3Destination.newBuilder().setBucket(s3.bucket() == null ? "" : s3.bucket())
                    .setPrefix(s3.prefix() == null ? "" : s3.prefix()).setRegion(blankToNull(s3.region()))
                    .setRoleArn(blankToNull(s3.roleArn())).setEndpoint(blankToNull(s3.endpoint())).build();
            case DestinationBody.Gcs gcs -> GcsDestination.newBuilder().setBucket(gcs.bucket() == null ? "" : gcs.bucket())
                    .setPrefix(gcs.prefix() == null ? "" : gcs.prefix()).setServiceAccount(blankToNull(gcs.serviceAccount()))
                    .build();
            case DestinationBody.AzureBlob az -> AzureBlobDestination.newBuilder()
                    .setAccount(az.account() == null ? "" : az.account())
                    .setContainer(az.container() == null ? "" : az.container())
                    .setPrefix(az.prefix() == null ? "" : az.prefix()).build();
            case DestinationBody.SignedUrl ignored -> new SignedUrlDestination(null);
        };
    }

    /** What {@code GET /v1/exports/{id}} shows of the request: times resolved, defaults applied. */
    record Understood(FilterView filter, FrameSamplingView frameSampling, DestinationBody destination) {
        record FilterView(String outcome, String since, String until, String actorKind, Long minDurationMs,
                          Long maxDurationMs, String tag, List<String> excludeSessionIds, Double minEventConfidence) {}

        record FrameSamplingView(String mode, Long intervalMs, boolean keepActionFrames) {}

        static Understood of(ExportRequest r, DestinationBody destination) {
            var f = r.getFilter();
            var s = r.getFrameSampling();
            return new Understood(
                    new FilterView(name(f.getOutcome()), iso(f.getSince()), iso(f.getUntil()), name(f.getActorKind()),
                            f.getMinDurationMs(), f.getMaxDurationMs(), f.getTag(), List.copyOf(f.getExcludeSessionIds()),
                            f.getMinEventConfidence()),
                    new FrameSamplingView(s.getMode().name(), s.getIntervalMs(), s.getKeepActionFrames()),
                    destination);
        }

        private static String name(Enum<?> value) {
            return value == null ? null : value.name();
        }

        private static String iso(Instant instant) {
            return instant == null ? null : instant.toString();
        }
    }

    /** A binding error as the SPEC error of the field at fault. */
    static ApiException refused(JsonMappingException e) {
        String path = path(e);
        String param = switch (e) {
            case InvalidTypeIdException ignored -> path.isEmpty() ? "destination.kind" : path + ".kind";
            default -> path;
        };
        String root = param.contains(".") ? param.substring(0, param.indexOf('.')) : param;
        ErrorCode code = switch (root) {
            case "workflow" -> ErrorCode.INVALID_WORKFLOW_SLUG;
            case "format" -> ErrorCode.UNSUPPORTED_FORMAT;
            case "filter" -> ErrorCode.INVALID_FILTER;
            default -> ErrorCode.INVALID_REQUEST;
        };
        return new ApiException(code, message(e, param), param.isEmpty() ? null : param);
    }

    private static String message(JsonMappingException e, String param) {
        return switch (e) {
            case UnrecognizedPropertyException u -> param + " is not a field here; known: " + u.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            case InvalidTypeIdException ignored -> "destination must be an object whose kind is one of s3, gcs, azure_blob, "
                    + "signed_url";
            case InvalidFormatException f when f.getTargetType() != null && f.getTargetType().isEnum() ->
                    param + " must be one of " + Arrays.stream(f.getTargetType().getEnumConstants()).map(Object::toString)
                            .collect(Collectors.joining(", ")) + "; got '" + f.getValue() + "'";
            case InvalidFormatException f -> param + " must be " + typeName(f.getTargetType()) + "; got '" + f.getValue() + "'";
            default -> param.equals("workflow") ? "workflow must be a slug or a list of slugs"
                    : param + " has the wrong type: " + e.getOriginalMessage().split("\n")[0];
        };
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "a " + type.getSimpleName();
    }

    /** The JSON path of the failure, array positions left out ({@code filter.exclude_session_ids}). */
    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .filter(ref -> ref.getFieldName() != null)
                .map(JsonMappingException.Reference::getFieldName)
                .collect(Collectors.joining("."));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static ObjectMapper binder() {
        var mapper = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        // numbers and booleans must be sent as such, not as strings
        for (var type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }
}
