package com.nusomi.captureingest.service;

import static com.nusomi.captureingest.service.UploadRejectedException.conflict;
import static com.nusomi.captureingest.service.UploadRejectedException.invalid;

import java.util.Map;
import java.util.Optional;

/**
 * What the index held for an upload's t_ms values when its metadata arrived: lets a streamed upload refuse a frame the
 * index would refuse (another image at a stored t_ms → 409, a new t_ms not above the last → 400) before its image is
 * written, and skip writing an image that a published frame already stored. Read without the session lock, so it only
 * saves work: {@link IndexPlan#decide} under the lock stays the rule.
 *
 * @param stored the session's frames at the upload's t_ms values
 * @param last   the session's frame with the highest t_ms, if any
 */
public record IndexSnapshot(Map<Long, IndexPlan.Entry> stored, Optional<IndexPlan.Entry> last) {

    /** Nothing known (e.g. for a batch checked under the lock anyway). */
    public static IndexSnapshot empty() {
        return new IndexSnapshot(Map.of(), Optional.empty());
    }

    /**
     * Refuses the frame as the index would; true when its image must be written, false when a published frame with
     * the same image already sits at its t_ms (a retry: the blob is there).
     */
    public boolean needsImage(int index, long tMs, String sha256, String receivedSha256, int declared) {
        IndexPlan.Entry existing = stored.get(tMs);
        String param = "metadata.frames[" + index + "].t_ms";
        if (existing != null) {
            if (!existing.sameImageAs(receivedSha256, sha256)) {
                throw conflict(RejectReason.T_MS_CONFLICT, declared, "frame " + existing.frameId()
                        + " with another image is already stored at t_ms " + tMs, param);
            }
            return !existing.published();
        }
        long lastTMs = last.map(IndexPlan.Entry::tMs).orElse(-1L);
        if (tMs <= lastTMs) {
            throw invalid(RejectReason.T_MS_ORDER, declared, "t_ms must rise within a session: " + tMs
                    + " is not above the last stored frame's t_ms " + lastTMs, param);
        }
        return true;
    }
}
