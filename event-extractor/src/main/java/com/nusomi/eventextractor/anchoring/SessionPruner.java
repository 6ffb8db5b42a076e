package com.nusomi.eventextractor.anchoring;

import com.nusomi.contracts.avro.SessionLifecycle;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.kit.logging.LogFields;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * {@code nusomi.sessions.lifecycle}: a session sealed or deleted needs no anchoring any more, so its frame index and
 * held events are removed (delete = a changelog tombstone) and the session is remembered as closed; a wall-clock
 * punctuator forgets closed sessions after the retention.
 */
final class SessionPruner extends ContextualProcessor<String, SessionLifecycle, Void, Void> {
    private static final Logger LOG = Logger.getLogger(SessionPruner.class);

    private final AnchoringTopology.Retention retention;
    private FrameIndex frames;
    private PendingSignals pending;
    private ClosedSessions closed;

    SessionPruner(AnchoringTopology.Retention retention) {
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        super.init(context);
        frames = new FrameIndex(context.getStateStore(AnchoringTopology.FRAMES_STORE));
        pending = new PendingSignals(context.getStateStore(AnchoringTopology.PENDING_STORE));
        closed = new ClosedSessions(context.getStateStore(AnchoringTopology.CLOSED_STORE));
        context.schedule(retention.sweepEvery(), PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    @Override
    public void process(Record<String, SessionLifecycle> record) {
        var transition = record.value();
        if (transition.getToStatus() != SessionStatus.sealed && transition.getToStatus() != SessionStatus.deleted) {
            return;
        }
        var sessionId = transition.getSessionId();
        int indexed = frames.forget(sessionId);
        int held = pending.release(sessionId).size();
        closed.close(sessionId, transition.getAt().toEpochMilli());
        try (var ignored = LogFields.with(LogFields.SESSION_ID, sessionId)) {
            LOG.debugf("%s: pruned %d indexed frames and %d held events", transition.getToStatus(), indexed, held);
        }
    }

    private void sweep(long nowMs) {
        int forgotten = closed.forgetBefore(nowMs - retention.keepClosed().toMillis());
        if (forgotten > 0) {
            LOG.debugf("forgot %d sessions closed more than %s ago", forgotten, retention.keepClosed());
        }
    }
}
