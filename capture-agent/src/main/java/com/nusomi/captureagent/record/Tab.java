package com.nusomi.captureagent.record;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A recorded page tab: its CDP session and what the recorder tracks about it. */
final class Tab {
    final String sessionId;
    final String targetId;
    final boolean openedByPage;
    volatile String url = "";
    volatile String mainFrameId;
    volatile String requestedReason;
    volatile boolean navigated;
    volatile boolean dirty = true;
    volatile String lastScreencastHash = "";
    volatile ObjectNode viewport;
    /** Busy states the page reported started and not yet ended (busy_id → reason): a navigation ends them. */
    final java.util.Map<String, String> openBusy = new java.util.concurrent.ConcurrentHashMap<>();

    Tab(String sessionId, String targetId, boolean openedByPage) {
        this.sessionId = sessionId;
        this.targetId = targetId;
        this.openedByPage = openedByPage;
    }
}
