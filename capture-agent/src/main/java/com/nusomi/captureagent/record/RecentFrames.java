package com.nusomi.captureagent.record;

/**
 * The t_ms of the last frames captured, so a signal is anchored to the frame shown at its own time: the page holds a
 * burst of typing for a moment before sending it ({@code listener.js} HOLD_MS), so the last frame when a signal
 * arrives may already show what it did.
 */
final class RecentFrames {
    private final long[] times;
    private int count;
    private int next;

    RecentFrames(int capacity) {
        this.times = new long[capacity];
    }

    synchronized void add(long tMs) {
        times[next] = tMs;
        next = (next + 1) % times.length;
        count = Math.min(count + 1, times.length);
    }

    /** The last frame captured, -1 before the first. */
    synchronized long last() {
        return count == 0 ? -1 : times[Math.floorMod(next - 1, times.length)];
    }

    /**
     * The frame shown at {@code tMs}: the last one captured at or before it; the oldest one kept when the signal is
     * older than all of them; -1 before the first frame.
     */
    synchronized long at(long tMs) {
        long oldest = -1;
        for (int i = 1; i <= count; i++) {
            long t = times[Math.floorMod(next - i, times.length)];
            if (t <= tMs) {
                return t;
            }
            oldest = t;
        }
        return oldest;
    }
}
