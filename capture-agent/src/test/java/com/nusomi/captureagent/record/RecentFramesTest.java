package com.nusomi.captureagent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RecentFramesTest {
    @Test
    void aSignalIsAnchoredToTheLastFrameAtOrBeforeItsTime() {
        var frames = new RecentFrames(4);
        assertEquals(-1, frames.at(100), "no frame yet");
        assertEquals(-1, frames.last(), "no frame yet");
        frames.add(100);
        frames.add(133);
        frames.add(166);
        assertEquals(133, frames.at(150), "held in the page: the frame shown when it happened, not the last one");
        assertEquals(166, frames.at(166));
        assertEquals(166, frames.at(5_000));
        assertEquals(100, frames.at(50), "older than every frame: the first one");
    }

    @Test
    void onlyTheLastFramesAreKept() {
        var frames = new RecentFrames(3);
        for (long t = 1; t <= 10; t++) {
            frames.add(t * 10);
        }
        assertEquals(80, frames.at(85));
        assertEquals(100, frames.last());
        assertEquals(80, frames.at(10), "frames 10 to 70 are forgotten: the oldest kept");
    }
}
