package com.nusomi.eventextractor.anchoring;

import com.nusomi.contracts.avro.CaptureSignal;
import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.FrameCaptured;
import com.nusomi.contracts.avro.SdkEventSignal;
import com.nusomi.kit.logging.LogFields;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * Records each frame in the session's frame index and releases the events that waited for it (extracted events) or for
 * the session's first frame (SDK events);
 * frames of closed sessions go to {@link LateRecords}.
 */
final class FrameProcessor extends ContextualProcessor<String, FrameCaptured, String, SpecificRecord> {
    private static final Logger LOG = Logger.getLogger(FrameProcessor.class);

    private FrameIndex frames;
    private PendingSignals pending;
    private ClosedSessions closed;
    private ExtractedEvents extracted;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        super.init(context);
        frames = new FrameIndex(context.getStateStore(AnchoringTopology.FRAMES_STORE));
        pending = new PendingSignals(context.getStateStore(AnchoringTopology.PENDING_STORE));
        closed = new ClosedSessions(context.getStateStore(AnchoringTopology.CLOSED_STORE));
        extracted = new ExtractedEvents(context.getStateStore(AnchoringTopology.PENDING_EXTRACTED_STORE), frames);
    }

    @Override
    public void process(Record<String, FrameCaptured> record) {
        var frame = record.value();
        if (LateRecords.handled(context(), closed, AnchoringTopology.FRAMES_DLQ_SINK, record, frame.getSessionId(),
                "frame " + frame.getFrameId())) {
            return;
        }
        frames.record(frame);
        for (Event event : extracted.release(frame.getSessionId(), frame.getTMs())) {
            context().forward(new Record<String, SpecificRecord>(event.getSessionId(), event, record.timestamp(),
                    new RecordHeaders()), AnchoringTopology.EVENTS_SINK);
        }
        var released = pending.release(frame.getSessionId());
        if (released.isEmpty()) {
            return;
        }
        try (var ignored = LogFields.with(LogFields.SESSION_ID, frame.getSessionId())) {
            LOG.debugf("first frame %s releases %d held events", frame.getFrameId(), released.size());
        }
        for (CaptureSignal signal : released) {
            var event = (SdkEventSignal) signal.getBody();
            var frameId = frames.anchor(signal.getSessionId(), signal.getTMs()).orElseThrow();
            var anchored = SdkEvents.anchored(signal, event, frameId);
            context().forward(new Record<String, SpecificRecord>(anchored.getSessionId(), anchored, record.timestamp(),
                    new RecordHeaders()), AnchoringTopology.EVENTS_SINK);
        }
    }
}
