package com.nusomi.eventextractor.anchoring;

import com.nusomi.contracts.avro.CaptureSignal;
import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.BrowserSignal;
import com.nusomi.contracts.avro.RawInputSignal;
import com.nusomi.contracts.avro.SdkEventSignal;
import com.nusomi.eventextractor.extraction.BrowserRules;
import com.nusomi.eventextractor.extraction.SessionStates;
import com.nusomi.eventextractor.extraction.SignalExtractor;
import com.nusomi.kit.logging.LogFields;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * SDK events: anchored to the given frame_id, else to the latest frame with t_ms ≤ theirs, else to the session's
 * first frame; held until the first frame arrives when the session has none. A browser agent's raw signals go through
 * {@link BrowserRules}, their events anchored to the frame the action acted on; other raw signals go to the extractor.
 * Signals of closed sessions go to {@link LateRecords}.
 */
final class SignalProcessor extends ContextualProcessor<String, CaptureSignal, String, SpecificRecord> {
    private static final Logger LOG = Logger.getLogger(SignalProcessor.class);

    private final SignalExtractor extractor;
    private FrameIndex frames;
    private PendingSignals pending;
    private ClosedSessions closed;
    private SessionStates states;
    private ExtractedEvents extracted;

    SignalProcessor(SignalExtractor extractor) {
        this.extractor = extractor;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        super.init(context);
        frames = new FrameIndex(context.getStateStore(AnchoringTopology.FRAMES_STORE));
        pending = new PendingSignals(context.getStateStore(AnchoringTopology.PENDING_STORE));
        closed = new ClosedSessions(context.getStateStore(AnchoringTopology.CLOSED_STORE));
        states = new SessionStates(context.getStateStore(AnchoringTopology.EXTRACTION_STATE_STORE));
        extracted = new ExtractedEvents(context.getStateStore(AnchoringTopology.PENDING_EXTRACTED_STORE), frames);
    }

    @Override
    public void process(Record<String, CaptureSignal> record) {
        var signal = record.value();
        if (LateRecords.handled(context(), closed, AnchoringTopology.SIGNALS_DLQ_SINK, record, signal.getSessionId(),
                "signal " + signal.getSignalId())) {
            return;
        }
        switch (signal.getBody()) {
            case SdkEventSignal event -> anchor(signal, event, record.timestamp());
            case RawInputSignal raw when raw.getBrowser() != null -> extract(signal, raw.getBrowser(), record.timestamp());
            case RawInputSignal raw -> extractor.extract(signal, raw, frames).forEach(e -> publish(e, record.timestamp()));
            default -> throw new IllegalStateException("CaptureSignal body outside its Avro union: " + signal.getBody());
        }
    }

    private void anchor(CaptureSignal signal, SdkEventSignal event, long timestamp) {
        var frameId = event.getFrameId() != null
                ? event.getFrameId()
                : frames.anchor(signal.getSessionId(), signal.getTMs()).orElse(null);
        if (frameId == null) {
            try (var ignored = LogFields.with(LogFields.SESSION_ID, signal.getSessionId())) {
                LOG.debugf("event %s waits for the session's first frame", event.getEventId());
            }
            pending.hold(signal, event);
            return;
        }
        publish(SdkEvents.anchored(signal, event, frameId), timestamp);
    }

    private void extract(CaptureSignal signal, BrowserSignal browser, long timestamp) {
        var known = states.get(signal.getSessionId());
        if (known.applied(browser.getSeq())) {
            try (var ignored = LogFields.with(LogFields.SESSION_ID, signal.getSessionId())) {
                LOG.debugf("signal %s (seq %d) was applied before: a re-published batch, skipped", signal.getSignalId(),
                        browser.getSeq());
            }
            return;
        }
        var state = known.withLastSeq(browser.getSeq());
        var events = BrowserRules.apply(state, signal, browser);
        states.put(signal.getSessionId(), state);
        events.forEach(e -> extracted.anchorOrHold(e).ifPresent(anchored -> publish(anchored, timestamp)));
    }

    private void publish(Event event, long timestamp) {
        context().forward(new Record<String, SpecificRecord>(event.getSessionId(), event, timestamp, new RecordHeaders()),
                AnchoringTopology.EVENTS_SINK);
    }
}
