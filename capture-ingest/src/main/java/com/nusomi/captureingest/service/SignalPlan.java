package com.nusomi.captureingest.service;

import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.kit.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, for each signal of an upload, against what the session already has (the agent numbers its signals with a
 * rising {@code seq}):
 * <ul>
 *   <li>a stored seq with the same t_ms and kind → that stored signal (safe retry after a lost answer);</li>
 *   <li>a stored seq with another t_ms or kind → 409 {@code invalid_request};</li>
 *   <li>otherwise a new signal: its seq must be above the session's highest stored seq and its t_ms not below that
 *   signal's t_ms (t_ms never goes backwards within a session), else 400 {@code invalid_request}.</li>
 * </ul>
 */
public final class SignalPlan {
    private final List<Candidate> candidates;

    public SignalPlan(List<Candidate> candidates) {
        this.candidates = List.copyOf(candidates);
    }

    /** One signal of the upload: its position in the request, seq, t_ms and kind (wire name). */
    public record Candidate(int index, long seq, long tMs, String kind) {}

    /** A signal as the log holds it; {@code published} once Kafka acknowledged its record. */
    public record Entry(long seq, String signalId, long tMs, String kind, boolean published) {}

    /** The log's answer for one candidate; {@code fresh} when this upload inserted it. */
    public record Reserved(Entry entry, boolean fresh) {
        /** The record may be missing from the topic: publish (again), under the same signal id. */
        public boolean needsDelivery() {
            return fresh || !entry.published();
        }
    }

    public List<Candidate> candidates() {
        return candidates;
    }

    /**
     * @param stored the session's signals at the candidates' seq values
     * @param last   the session's signal with the highest seq, if any
     */
    public List<Reserved> decide(Map<Long, Entry> stored, Optional<Entry> last) {
        long lastSeq = last.map(Entry::seq).orElse(-1L);
        long lastTMs = last.map(Entry::tMs).orElse(0L);
        List<Reserved> answers = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            Entry existing = stored.get(c.seq());
            if (existing != null) {
                if (existing.tMs() != c.tMs() || !existing.kind().equals(c.kind())) {
                    throw new ApiException(ErrorCode.INVALID_REQUEST, 409, "seq " + c.seq() + " is already stored as "
                            + existing.kind() + " at t_ms " + existing.tMs() + "; a retry must re-send the same signal",
                            param(c, "seq"));
                }
                answers.add(new Reserved(existing, false));
                continue;
            }
            if (c.seq() <= lastSeq) {
                throw ApiException.invalidRequest("seq " + c.seq() + " is below the session's last stored seq " + lastSeq
                        + " and was never stored: signals are sent in seq order", param(c, "seq"));
            }
            if (c.tMs() < lastTMs) {
                throw ApiException.invalidRequest("t_ms " + c.tMs() + " goes backwards: the session's signals already reached t_ms "
                        + lastTMs, param(c, "t_ms"));
            }
            Entry fresh = new Entry(c.seq(), IdPrefix.SIGNAL.newId(), c.tMs(), c.kind(), false);
            answers.add(new Reserved(fresh, true));
            lastSeq = c.seq();
            lastTMs = c.tMs();
        }
        return answers;
    }

    private static String param(Candidate c, String field) {
        return "signals[" + c.index() + "]." + field;
    }
}
