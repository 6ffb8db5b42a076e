package com.nusomi.captureingest.service;

import com.nusomi.captureingest.config.CaptureIngestConfig;
import com.nusomi.captureingest.masking.MaskingRuleBook;
import com.nusomi.captureingest.masking.MaskingRules;
import com.nusomi.captureingest.masking.SignalMasker;
import com.nusomi.captureingest.messaging.SignalPublisher;
import com.nusomi.captureingest.persistence.SessionStates;
import com.nusomi.captureingest.persistence.SignalLog;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.avro.CaptureSignal;
import com.nusomi.contracts.avro.RawInputSignal;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.kit.api.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Ingests a checked signal upload. The session must exist (in the caller's workspace, when it names one) and be
 * recording. Then, per signal: masked → log row inserted as pending → record published → (all acknowledged) row
 * marked published → answer. A signal whose earlier attempt stopped after the log insert is published again under the
 * same signal id when the agent retries (masking runs before the seq check, so a retry compares masked to masked); one already published is answered from the log and not published again.
 */
@ApplicationScoped
public class SignalIngestService {
    private final SessionStates sessions;
    private final SignalMasker masker;
    private final MaskingRuleBook ruleBook;
    private final SignalLog log;
    private final SignalPublisher publisher;
    private final CaptureIngestConfig config;
    private final Counter fresh;
    private final Counter retried;

    SignalIngestService(SessionStates sessions, SignalMasker masker, MaskingRuleBook ruleBook, SignalLog log,
                        SignalPublisher publisher, CaptureIngestConfig config, MeterRegistry registry) {
        this.sessions = sessions;
        this.masker = masker;
        this.ruleBook = ruleBook;
        this.log = log;
        this.publisher = publisher;
        this.config = config;
        this.fresh = accepted(registry, "new");
        this.retried = accepted(registry, "retry");
    }

    /** A stored signal as answered: {@code {"id": "sig_…", "seq", "t_ms"}}. */
    public record StoredSignal(String id, long seq, long tMs) {}

    /** The workspace the session belongs to, once it is known to exist, be the caller's and be recording. */
    public Uni<String> recordingSession(String sessionId, String workspaceId) {
        return sessions.find(sessionId).map(found -> {
            var state = found.filter(s -> workspaceId == null || s.workspaceId().equals(workspaceId))
                    .filter(s -> !SessionStatus.deleted.name().equals(s.status()))
                    .orElseThrow(() -> new ApiException(ErrorCode.SESSION_NOT_FOUND, "no session " + sessionId, "id"));
            if (!SessionStatus.recording.name().equals(state.status())) {
                throw new ApiException(ErrorCode.INVALID_STATE, "session " + sessionId + " is " + state.status()
                        + "; signals are accepted only while it is recording", "id");
            }
            return state.workspaceId();
        });
    }

    public Uni<List<StoredSignal>> ingest(SignalBatch batch) {
        MaskingRules rules = ruleBook.rules(batch.workspaceId());
        List<IncomingSignal> masked = batch.signals().stream().map(s -> s.with(masker.mask(s.signal(), rules))).toList();
        SignalPlan plan = new SignalPlan(masked.stream()
                .map(s -> new SignalPlan.Candidate(s.index(), s.seq(), s.tMs(), s.kind().wire()))
                .toList());
        return log.reserve(batch.sessionId(), plan)
                .call(reserved -> deliver(batch, masked, reserved))
                .map(reserved -> {
                    long news = reserved.stream().filter(SignalPlan.Reserved::fresh).count();
                    fresh.increment(news);
                    retried.increment(reserved.size() - news);
                    return reserved.stream().map(r -> new StoredSignal(r.entry().signalId(), r.entry().seq(), r.entry().tMs())).toList();
                });
    }

    private Uni<Void> deliver(SignalBatch batch, List<IncomingSignal> signals, List<SignalPlan.Reserved> reserved) {
        Instant now = Instant.now();
        List<CaptureSignal> records = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < signals.size(); i++) {
            SignalPlan.Reserved r = reserved.get(i);
            if (!r.needsDelivery()) {
                continue;
            }
            IncomingSignal s = signals.get(i);
            records.add(CaptureSignal.newBuilder()
                    .setSignalId(r.entry().signalId())
                    .setSessionId(batch.sessionId())
                    .setWorkspaceId(batch.workspaceId())
                    .setTMs(s.tMs())
                    .setBody(RawInputSignal.newBuilder().setKind(s.kind().wire()).setData("{}").setBrowser(s.signal()).build())
                    .setReceivedAt(now)
                    .build());
            seqs.add(s.seq());
        }
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return publisher.publish(records)
                .ifNoItem().after(config.publishTimeout())
                .failWith(() -> new IllegalStateException("Kafka did not acknowledge the signals within " + config.publishTimeout()))
                .chain(() -> log.markPublished(batch.sessionId(), seqs));
    }

    private static Counter accepted(MeterRegistry registry, String result) {
        return Counter.builder("nusomi.capture.signals.accepted").tag("result", result)
                .description("Raw input signals answered with 201: new, or already stored (safe retry)")
                .register(registry);
    }
}
