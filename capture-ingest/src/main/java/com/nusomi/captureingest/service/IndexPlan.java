package com.nusomi.captureingest.service;

import static com.nusomi.captureingest.service.UploadRejectedException.conflict;
import static com.nusomi.captureingest.service.UploadRejectedException.invalid;

import com.nusomi.contracts.IdPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, for each frame of an upload (strictly rising t_ms), against what the session already has:
 * <ul>
 *   <li>same t_ms and same image as a stored frame → that stored frame (safe retry); "same image" compares the bytes
 *   the client sent ({@code receivedSha256}), so a retry masked under rules changed since the first attempt is still
 *   the same frame;</li>
 *   <li>same t_ms, another image → 409 {@code invalid_request};</li>
 *   <li>otherwise a new frame, whose t_ms must be above the session's last stored one (else 400).</li>
 * </ul>
 * A new frame is a keyframe (SPEC "the screen changed materially since the previous keyframe") when it is the
 * session's first, or its image differs from the previous frame's and {@link KeyframeRule} finds enough of the screen
 * changed against the session's previous keyframe ({@link com.nusomi.captureingest.image.ScreenFingerprint}); a frame
 * whose image could not be measured counts as changed when its bytes differ.
 */
public final class IndexPlan {
    private final List<Candidate> candidates;

    public IndexPlan(List<Candidate> candidates) {
        this.candidates = List.copyOf(candidates);
    }

    /**
     * One frame of the upload: its position in the request, t_ms, the SHA-256 (hex) of the image as stored (masked) and
     * as received, and its fingerprint (null: none).
     */
    public record Candidate(int index, long tMs, String sha256, String receivedSha256, byte[] fingerprint) {
        public Candidate(int index, long tMs, String sha256) {
            this(index, tMs, sha256, sha256, null);
        }

        /** A frame stored as received (nothing masked in its image). */
        public Candidate(int index, long tMs, String sha256, byte[] fingerprint) {
            this(index, tMs, sha256, sha256, fingerprint);
        }
    }

    /** When a changed frame is a keyframe: at least {@code minChangedFraction} of the fingerprint's cells moved by {@code cellDelta}. */
    public record KeyframeRule(int cellDelta, double minChangedFraction) {
        /** Any byte change (the rule when no fingerprints are known). */
        public static final KeyframeRule ANY_CHANGE = new KeyframeRule(0, 0.0);

        boolean material(byte[] previousKeyframe, byte[] current) {
            if (previousKeyframe == null || current == null) {
                return true;
            }
            return com.nusomi.captureingest.image.ScreenFingerprint.changedFraction(previousKeyframe, current, cellDelta)
                    >= minChangedFraction;
        }
    }

    /**
     * A frame as the index holds it; {@code published} once its record was acknowledged by Kafka; {@code receivedSha256}
     * null for frames indexed before it was kept.
     */
    public record Entry(long tMs, String frameId, String sha256, String receivedSha256, boolean keyframe, boolean published,
                        byte[] fingerprint) {
        public Entry(long tMs, String frameId, String sha256, boolean keyframe, boolean published) {
            this(tMs, frameId, sha256, sha256, keyframe, published, null);
        }

        /** Whether {@code upload} sent the image this frame was stored from (a retry). */
        public boolean sameImageAs(String uploadedSha256, String storedSha256) {
            return receivedSha256 != null ? receivedSha256.equals(uploadedSha256) : sha256.equals(storedSha256);
        }
    }

    /** The index's answer for one candidate; {@code fresh} when the frame is new (inserted by this upload). */
    public record Reserved(Entry entry, boolean fresh) {
        /** The blob and the record may be missing: store and publish (again). */
        public boolean needsDelivery() {
            return fresh || !entry.published();
        }
    }

    public List<Candidate> candidates() {
        return candidates;
    }

    /**
     * @param stored the session's frames at the candidates' t_ms values
     * @param last   the session's frame with the highest t_ms, if any
     * @return one answer per candidate, in request order
     */
    public List<Reserved> decide(Map<Long, Entry> stored, Optional<Entry> last) {
        return decide(stored, last, null, KeyframeRule.ANY_CHANGE);
    }

    /**
     * @param previousKeyframe the fingerprint of the session's last keyframe, null when unknown
     * @param rule             what counts as a material change
     */
    public List<Reserved> decide(Map<Long, Entry> stored, Optional<Entry> last, byte[] previousKeyframe, KeyframeRule rule) {
        int declared = candidates.size();
        long lastTMs = last.map(Entry::tMs).orElse(-1L);
        String previousSha = last.map(Entry::sha256).orElse(null);
        List<Reserved> answers = new ArrayList<>(declared);
        for (Candidate c : candidates) {
            Entry existing = stored.get(c.tMs());
            String param = "metadata.frames[" + c.index() + "].t_ms";
            if (existing != null) {
                if (!existing.sameImageAs(c.receivedSha256(), c.sha256())) {
                    throw conflict(RejectReason.T_MS_CONFLICT, declared, "frame " + existing.frameId()
                            + " with another image is already stored at t_ms " + c.tMs(), param);
                }
                answers.add(new Reserved(existing, false));
                continue;
            }
            if (c.tMs() <= lastTMs) {
                throw invalid(RejectReason.T_MS_ORDER, declared, "t_ms must rise within a session: " + c.tMs()
                        + " is not above the last stored frame's t_ms " + lastTMs, param);
            }
            boolean keyframe = previousSha == null
                    || (!previousSha.equals(c.sha256()) && rule.material(previousKeyframe, c.fingerprint()));
            answers.add(new Reserved(new Entry(c.tMs(), IdPrefix.FRAME.newId(), c.sha256(), c.receivedSha256(), keyframe, false,
                    keyframe ? c.fingerprint() : null), true));
            previousSha = c.sha256();
            if (keyframe) {
                previousKeyframe = c.fingerprint();
            }
        }
        return answers;
    }
}
