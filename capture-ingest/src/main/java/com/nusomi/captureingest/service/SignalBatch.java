package com.nusomi.captureingest.service;

import java.util.List;

/** A checked signal upload: seq strictly rising and t_ms never falling, in request order. */
public record SignalBatch(String sessionId, String workspaceId, List<IncomingSignal> signals) {
    public SignalBatch {
        signals = List.copyOf(signals);
    }
}
