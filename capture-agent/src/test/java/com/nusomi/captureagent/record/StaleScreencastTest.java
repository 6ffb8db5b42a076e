package com.nusomi.captureagent.record;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A screencast frame drawn before a navigation shows the previous document (maybe off the allow-list): never a frame of the new one. */
class StaleScreencastTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFrameSwappedBeforeTheNavigationIsThePreviousDocumentsAndIsDropped() throws Exception {
        Tab tab = new Tab("s1", "t1", false);
        tab.documentSince = 1_780_000_000.250;

        assertFalse(Recorder.ofCurrentDocument(tab, JSON.readTree("{\"timestamp\": 1780000000.249}")), "drawn before");
        assertTrue(Recorder.ofCurrentDocument(tab, JSON.readTree("{\"timestamp\": 1780000000.250}")), "drawn at the navigation");
        assertTrue(Recorder.ofCurrentDocument(tab, JSON.readTree("{\"timestamp\": 1780000001.0}")), "drawn after");
        assertTrue(Recorder.ofCurrentDocument(tab, JSON.readTree("{}")), "no timestamp: Chromium did not say, taken as current");
    }
}
