package com.nusomi.exportplanner.service;

import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.ExportRequest;
import com.nusomi.contracts.avro.Outcome;
import java.time.Instant;
import java.util.List;

/**
 * Which sessions an export takes. The scope: sealed sessions of one workspace and one of {@code workflows}, sealed at
 * or before the request ({@code sealedBy}), so a redelivered request selects the same sessions even when more were
 * sealed since. Within the scope, the request's filter ({@link SessionFilter}; events: {@link EventGate}).
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
