package com.nusomi.exportplanner.service;

import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.ExportRequest;
import com.nusomi.contracts.avro.Outcome;
import java.time.Instant;
import java.util.List;

/**
 * Which catalog rows an export takes: events of sealed sessions of one workspace, as the request's filter says.
 * The time axis of {@code since}/{@code until} is the session's {@code created_at} ({@code since} inclusive,
 * {@code until} exclusive). Only sessions sealed at or before the request ({@code sealedBy}) count, so a redelivered
 * request selects the same sessions even when more were sealed since.
 */
public record Selection(
        String workspaceId,
        Instant sealedBy,
        List<String> workflows,
        Outcome outcome,
        Instant since,
        Instant until,
        ActorKind actorKind,
        Long minDurationMs,
        Long maxDurationMs,
        String tag,
        List<String> excludeSessionIds,
        Double minEventConfidence) {

    public static Selection of(ExportRequest request) {
        var filter = request.getFilter();
        return new Selection(
                request.getWorkspaceId(),
                request.getRequestedAt(),
                request.getWorkflows().stream().distinct().toList(),
                filter.getOutcome(),
                filter.getSince(),
                filter.getUntil(),
                filter.getActorKind(),
                filter.getMinDurationMs(),
                filter.getMaxDurationMs(),
                filter.getTag(),
                filter.getExcludeSessionIds().stream().distinct().sorted().toList(),
                filter.getMinEventConfidence());
    }
}
