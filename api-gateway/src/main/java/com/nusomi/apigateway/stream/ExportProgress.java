package com.nusomi.apigateway.stream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.apigateway.persistence.ExportRow;
import com.nusomi.contracts.avro.ExportPlan;
import com.nusomi.contracts.avro.ExportState;
import com.nusomi.contracts.avro.ExportStatus;
import java.util.Optional;

/**
 * The changing part of an export as its stream shows it, advanced by status records with the rules of
 * {@code gateway.exports}: never backwards (queued → running → completed | failed, the last two final), plan numbers
 * kept when a later status has none, {@code shards_done} only rises.
 */
record ExportProgress(String status, Long rows, Integer shards, Long frames, Long actions, int shardsDone,
                      String manifestUrl, String errorCode, String errorMessage) {

    static ExportProgress of(ExportRow r) {
        return new ExportProgress(r.status(), r.rows(), r.shards(), r.frames(), r.actions(), r.shardsDone(),
                r.manifestUrl(), r.errorCode(), r.errorMessage());
    }

    boolean isFinal() {
        return rank(status) == 2;
    }

    /** The progress after {@code s}, or empty when {@code s} changes nothing (older, repeated, or after the end). */
    Optional<ExportProgress> apply(ExportStatus s) {
        String next = s.getStatus().name();
        if (isFinal() || rank(next) < rank(status)) {
            return Optional.empty();
        }
        ExportPlan plan = s.getPlan();
        Integer shardsNext = plan != null ? Integer.valueOf(plan.getShards()) : shards;
        int done = Math.max(shardsDone, s.getShardsDone());
        if (s.getStatus() == ExportState.completed && shardsNext != null) {
            done = Math.max(done, shardsNext);
        }
        var after = new ExportProgress(next, plan != null ? Long.valueOf(plan.getRows()) : rows, shardsNext,
                plan != null ? Long.valueOf(plan.getFrames()) : frames, plan != null ? Long.valueOf(plan.getActions()) : actions,
                done, s.getManifestUrl() != null ? s.getManifestUrl() : manifestUrl,
                s.getError() != null ? s.getError().getCode() : errorCode,
                s.getError() != null ? s.getError().getMessage() : errorMessage);
        return after.equals(this) ? Optional.empty() : Optional.of(after);
    }

    /** {@code view} (the export as GET answers it) with these values. */
    ObjectNode over(ObjectNode view) {
        ObjectNode node = view.deepCopy();
        node.put("status", status);
        node.put("rows", rows);
        node.put("shards", shards);
        node.put("frames", frames);
        node.put("actions", actions);
        node.put("shards_done", shardsDone);
        node.put("manifest_url", manifestUrl);
        if (errorCode == null) {
            node.putNull("error");
        } else {
            node.set("error", JsonNodeFactory.instance.objectNode().put("code", errorCode).put("message", errorMessage));
        }
        return node;
    }

    private static int rank(String status) {
        return switch (status) {
            case "queued" -> 0;
            case "running" -> 1;
            default -> 2;
        };
    }
}
