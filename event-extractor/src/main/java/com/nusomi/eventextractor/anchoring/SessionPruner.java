package com.nusomi.eventextractor.anchoring;

import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.SessionLifecycle;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.eventextractor.extraction.BrowserRules;
import com.nusomi.eventextractor.extraction.SessionStates;
import com.nusomi.eventextractor.extraction.SessionTags;
import com.nusomi.kit.logging.LogFields;
import java.util.ArrayList;
import java.util.Comparator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * {@code nusomi.sessions.lifecycle}: a stopped session's pending extracted events are published (fields still being
 * typed in, its tags, events waiting for a frame). A session sealed or deleted needs no anchoring any more, so its frame index,
 * extraction state and held events are removed (delete = a changelog tombstone) and the session is remembered as closed; a wall-clock
 * punctuator forgets closed sessions after the retention.
 */
final class SessionPruner extends ContextualProcessor<String, SessionLifecycle, String, SpecificRecord> {
    private static final Logger LOG = Logger.getLogger(SessionPruner.class);
    /** SPEC §2 "Total order inside a session: (t_ms, id)". */
    private static final Comparator<Event> BY_T_MS_THEN_ID = Comparator.comparingLong(Event::getTMs)
            .thenComparing(Event::getEventId);

    private final AnchoringTopology.Retention retention;
    private FrameIndex frames;
    private PendingSignals pending;
    private ClosedSessions closed;
    private SessionStates states;
    private ExtractedEvents extracted;

    SessionPruner(AnchoringTopology.Retention retention) {
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        super.init(context);
        frames = new FrameIndex(context.getStateStore(AnchoringTopology.FRAMES_STORE));
        pending = new PendingSignals(context.getStateStore(AnchoringTopology.PENDING_STORE));
        closed = new ClosedSessions(context.getStateStore(AnchoringTopology.CLOSED_STORE));
        states = new SessionStates(context.getStateStore(AnchoringTopology.EXTRACTION_STATE_STORE));
        extracted = new ExtractedEvents(context.getStateStore(AnchoringTopology.PENDING_EXTRACTED_STORE), frames);
        context.schedule(retention.sweepEvery(), PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    @Override
    public void process(Record<String, SessionLifecycle> record) {
        var transition = record.value();
        if (transition.getToStatus() == SessionStatus.stopped) {
            reportPending(transition, record.timestamp());
            return;
        }
        if (transition.getToStatus() != SessionStatus.sealed && transition.getToStatus() != SessionStatus.deleted) {
            return;
        }
        var sessionId = transition.getSessionId();
        int indexed = frames.forget(sessionId);
        int held = pending.release(sessionId).size();
        states.forget(sessionId);
        extracted.forget(sessionId);
        closed.close(sessionId, transition.getAt().toEpochMilli());
        try (var ignored = LogFields.with(LogFields.SESSION_ID, sessionId)) {
            LOG.debugf("%s: pruned %d indexed frames and %d held events", transition.getToStatus(), indexed, held);
        }
    }

    /**
     * Stopped: the fields still being typed in are final, the session's tags become tag events, and events waiting for a
     * frame take the best one there is. These three sources are merged and published in {@code (t_ms, event_id)} order
     * (a tag placed early must not follow a success held for its frame). A repeated stopped record (the sealer's outbox
     * publishes at least once) adds no tag again; one of a session already closed reports nothing (its state is gone
     * and must not come back).
     */
    private void reportPending(SessionLifecycle transition, long timestamp) {
        var sessionId = transition.getSessionId();
        if (closed.closedAt(sessionId).isPresent()) {
            return;
        }
        var state = states.get(sessionId);
        var pendingEvents = new ArrayList<>(BrowserRules.flush(state, sessionId, transition.getWorkspaceId()));
        if (!state.stopped()) {
            pendingEvents.addAll(SessionTags.events(transition));
        }
        states.put(sessionId, state.asStopped());
        var events = new ArrayList<Event>();
        pendingEvents.forEach(e -> extracted.anchorOrHold(e).ifPresent(events::add));
        events.addAll(extracted.releaseAll(sessionId));
        events.sort(BY_T_MS_THEN_ID);
        for (Event event : events) {
            context().forward(new Record<String, SpecificRecord>(sessionId, event, timestamp, new RecordHeaders()),
                    AnchoringTopology.EVENTS_SINK);
        }
        if (!events.isEmpty()) {
            try (var ignored = LogFields.with(LogFields.SESSION_ID, sessionId)) {
                LOG.debugf("stopped: %d pending extracted events published", events.size());
            }
        }
    }

    private void sweep(long nowMs) {
        int forgotten = closed.forgetBefore(nowMs - retention.keepClosed().toMillis());
        if (forgotten > 0) {
            LOG.debugf("forgot %d sessions closed more than %s ago", forgotten, retention.keepClosed());
        }
    }
}
