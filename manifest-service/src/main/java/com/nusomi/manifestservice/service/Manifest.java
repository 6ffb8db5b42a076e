package com.nusomi.manifestservice.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.nusomi.kit.destination.Destination;
import com.nusomi.manifestservice.persistence.PlannedExport;
import com.nusomi.manifestservice.persistence.ShardRecord;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code manifest.json} (SPEC §6): what the export is and every file in it, so the dataset can be verified and
 * reproduced. {@code workflow} is a string for one workflow and a list for several; {@code filter_summary} is the
 * planner's filter as a JSON object; {@code files} are in shard order, paths relative to the manifest's folder.
 */
@JsonPropertyOrder({"export_id", "workflow", "format", "tag", "rows", "shards", "shard_size_bytes", "frames", "actions",
        "filter_summary", "destination", "created_at", "files"})
public record Manifest(String exportId, JsonNode workflow, String format, String tag, long rows, int shards,
                       long shardSizeBytes, long frames, long actions, JsonNode filterSummary, String destination,
                       String createdAt, List<File> files) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** One shard object; {@code url} only for hosted (signed_url) exports. */
    @JsonPropertyOrder({"path", "url", "size_bytes", "rows", "sha256"})
    public record File(String path, @JsonInclude(JsonInclude.Include.NON_NULL) String url, long sizeBytes, long rows,
                       String sha256) {}

    /**
     * The manifest of {@code export} whose shards all succeeded. {@code rows} and {@code actions} are what the files
     * hold; {@code frames} is the plan's count of distinct frames (a frame shared by rows of two shards counts once,
     * which per-shard counts cannot know).
     */
    public static Manifest of(PlannedExport export, List<ShardRecord> shards, Destination destination) {
        List<File> files = shards.stream().map(s -> new File(destination.relativePath(s.path()),
                destination.fileUrl(s.path()).orElse(null), s.sizeBytes(), s.rows(), s.sha256())).toList();
        return new Manifest(export.exportId(), workflow(export.workflows()), export.format(), export.tag(),
                shards.stream().mapToLong(ShardRecord::rows).sum(), export.shards(), export.shardSizeBytes(),
                export.frames(), shards.stream().mapToLong(ShardRecord::actions).sum(),
                filterSummary(export.filterSummaryJson()), destination.label(),
                export.createdAt().truncatedTo(ChronoUnit.MILLIS).toString(),
                files);
    }

    public byte[] toJson() {
        try {
            return (JSON.writeValueAsString(this) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a manifest always serializes", e);
        }
    }

    private static JsonNode workflow(List<String> workflows) {
        var f = JsonNodeFactory.instance;
        if (workflows.size() == 1) {
            return f.textNode(workflows.getFirst());
        }
        var list = f.arrayNode();
        workflows.forEach(list::add);
        return list;
    }

    private static JsonNode filterSummary(String json) {
        try {
            return json == null ? JsonNodeFactory.instance.objectNode() : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return JsonNodeFactory.instance.textNode(json);
        }
    }
}
