package com.nusomi.eventextractor.anchoring;

import com.nusomi.contracts.avro.CaptureSignal;
import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.EventSource;
import com.nusomi.contracts.avro.SdkEventSignal;

/** An SDK-emitted event as published on nusomi.events (SPEC "Emitting events": source sdk, confidence 1.0). */
public final class SdkEvents {
    public static final double SDK_CONFIDENCE = 1.0;

    private SdkEvents() {}

    public static Event anchored(CaptureSignal signal, SdkEventSignal event, String frameId) {
        return Event.newBuilder()
                .setEventId(event.getEventId())
                .setSessionId(signal.getSessionId())
                .setWorkspaceId(signal.getWorkspaceId())
                .setFrameId(frameId)
                .setTMs(signal.getTMs())
                .setType(event.getType())
                .setPayload(event.getPayload())
                .setConfidence(SDK_CONFIDENCE)
                .setSource(EventSource.sdk)
                .setCreatedAt(signal.getReceivedAt())
                .build();
    }
}
