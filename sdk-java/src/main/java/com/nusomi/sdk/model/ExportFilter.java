package com.nusomi.sdk.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Which sealed sessions an export takes (SPEC §6). Every field is optional.
 *
 * @param outcome            success, error or abandoned
 * @param since              ISO-8601 or relative ({@code 30d})
 * @param until              ISO-8601 or relative; fix it for a reproducible dataset
 * @param actorKind          human, model or script
 * @param minDurationMs      shortest session
 * @param maxDurationMs      longest session
 * @param tag                session tag name
 * @param path               memory path id
 * @param excludeSessionIds  sessions to leave out
 * @param minEventConfidence lowest event confidence kept
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExportFilter(String outcome, String since, String until, @JsonProperty("actor.kind") String actorKind,
                           Long minDurationMs, Long maxDurationMs, String tag, String path,
                           List<String> excludeSessionIds, Double minEventConfidence) {

    /** No filter: every sealed session of the workflow. */
    public static ExportFilter none() {
        return new ExportFilter(null, null, null, null, null, null, null, null, null, null);
    }

    /** Only sessions with this outcome. */
    public static ExportFilter outcome(String outcome) {
        return none().withOutcome(outcome);
    }

    public ExportFilter withOutcome(String value) {
        return new ExportFilter(value, since, until, actorKind, minDurationMs, maxDurationMs, tag, path,
                excludeSessionIds, minEventConfidence);
    }

    public ExportFilter withSince(String value) {
        return new ExportFilter(outcome, value, until, actorKind, minDurationMs, maxDurationMs, tag, path,
                excludeSessionIds, minEventConfidence);
    }

    public ExportFilter withUntil(String value) {
        return new ExportFilter(outcome, since, value, actorKind, minDurationMs, maxDurationMs, tag, path,
                excludeSessionIds, minEventConfidence);
    }

    public ExportFilter withActorKind(String value) {
        return new ExportFilter(outcome, since, until, value, minDurationMs, maxDurationMs, tag, path,
                excludeSessionIds, minEventConfidence);
    }

    public ExportFilter withTag(String value) {
        return new ExportFilter(outcome, since, until, actorKind, minDurationMs, maxDurationMs, value, path,
                excludeSessionIds, minEventConfidence);
    }
}
