package com.nusomi.exportplanner.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.contracts.avro.FrameSampling;
import java.time.Instant;

/**
 * The filter as the planner applied it, as JSON text for the plan and the manifest: every key present (null when
 * unset), in a fixed order, so the same request always gives the same text.
 */
public final class FilterSummary {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FilterSummary() {}

    public static String of(Selection selection, FrameSampling sampling) {
        ObjectNode node = JSON.createObjectNode();
        node.put("outcome", selection.outcome() == null ? null : selection.outcome().name());
        node.put("since", iso(selection.since()));
        node.put("until", iso(selection.until()));
        node.put("time_axis", "created_at");
        node.put("sealed_by", iso(selection.sealedBy()));
        node.put("actor_kind", selection.actorKind() == null ? null : selection.actorKind().name());
        node.put("min_duration_ms", selection.minDurationMs());
        node.put("max_duration_ms", selection.maxDurationMs());
        node.put("tag", selection.tag());
        node.putNull("path");
        var excluded = node.putArray("exclude_session_ids");
        selection.excludeSessionIds().forEach(excluded::add);
        node.put("min_event_confidence", selection.minEventConfidence());
        var frameSampling = node.putObject("frame_sampling");
        frameSampling.put("mode", sampling.getMode().name());
        frameSampling.put("interval_ms", sampling.getIntervalMs());
        frameSampling.put("keep_action_frames", sampling.getKeepActionFrames());
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print a filter summary", e);
        }
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
