package com.nusomi.captureagent.record;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A recorded page tab: its CDP session and what the recorder tracks about it. */
final class Tab {
    final String sessionId;
    final String targetId;
    final boolean openedByPage;
    volatile String url = "";
    volatile String mainFrameId;
    /** The listener's {@code Page.addScriptToEvaluateOnNewDocument} identifier (removed when the recording stops). */
    volatile String listenerScriptId;
    volatile String requestedReason;
    volatile boolean navigated;
    volatile boolean dirty = true;
    /** The last screencast frame (base64 JPEG, what the screen shows now) and the WebP made of it (idle frames reuse it). */
    volatile String screen;
    /**
     * When the current document replaced the last one (epoch seconds, as CDP's screencast frame timestamps): a
     * screencast frame swapped before it shows the previous document, which may be outside the allow-list.
     */
    volatile double documentSince;
    volatile String encodedScreen;
    volatile byte[] encodedWebp;
    volatile ObjectNode viewport;
    /** Bumped when the page reports a DOM change (listener's {@code _dom_dirty}) or navigates: the snapshot is stale. */
    volatile long domVersion = 1;
    /** The last DOM/AX snapshot, the domVersion it saw and when it was taken: reused by frames until the DOM changes. */
    volatile PageSnapshot.Snapshot snapshot;
    volatile long snapshotVersion;
    volatile long snapshotAt;
    volatile double snapshotCostMs;
    /** The raw AX trees the snapshots are joined with, refreshed less often (they are the costly part). */
    volatile PageSnapshot.AxCache ax = new PageSnapshot.AxCache();
    /** Busy states the page reported started and not yet ended (busy_id → reason): a navigation ends them. */
    final java.util.Map<String, String> openBusy = new java.util.concurrent.ConcurrentHashMap<>();

    Tab(String sessionId, String targetId, boolean openedByPage) {
        this.sessionId = sessionId;
        this.targetId = targetId;
        this.openedByPage = openedByPage;
    }
}
