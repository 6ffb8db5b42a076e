package com.nusomi.exportplanner.service;

import com.nusomi.contracts.avro.FrameSampling;
import com.nusomi.contracts.avro.SamplingMode;

/**
 * SPEC §6 frame sampling. Which frames a mode selects on its own:
 * <ul>
 *   <li>{@code event_only}: none; rows are the events, each with its frame;</li>
 *   <li>{@code all}: every frame;</li>
 *   <li>{@code keyframes_only}: frames whose screen changed materially ({@code keyframe});</li>
 *   <li>{@code every_n_ms}: on a fixed clock, the first frame of each window {@code [k·interval, (k+1)·interval)} of
 *       the session's t_ms: a frame is selected when the session's previous frame lies in an earlier window. Deciding
 *       by window (not by the last selected frame) keeps the choice of one frame independent of the others, so added
 *       action frames do not shift the cadence.</li>
 * </ul>
 * A selected frame with events gives one row per event; without events, one row with a null action. An event's row
 * exists when its frame is selected, or always with {@code keep_action_frames} (and always in {@code event_only}).
 * An event whose frame the catalog does not hold has no frame facts: only {@code event_only} or keep_action_frames
 * keeps it, with {@code frame: null}.
 */
public final class FrameSampler {
    private final SamplingMode mode;
    private final long intervalMs;
    private final boolean keepActionFrames;

    public FrameSampler(FrameSampling sampling) {
        this.mode = sampling.getMode();
        this.intervalMs = sampling.getIntervalMs() == null ? 0 : sampling.getIntervalMs();
        this.keepActionFrames = sampling.getKeepActionFrames();
        if (mode == SamplingMode.every_n_ms && intervalMs < 1) {
            throw new IllegalArgumentException("every_n_ms needs a positive interval_ms");
        }
    }

    /** Whether the catalog query must return frames without events at all (not for event_only). */
    public boolean needsFrameCandidates() {
        return mode != SamplingMode.event_only;
    }

    /** Whether the mode selects the candidate's frame on its own (an event's frame, or the frame itself). */
    public boolean selectsFrame(Candidate c) {
        if (!c.hasFrame()) {
            return false;
        }
        return switch (mode) {
            case event_only -> false;
            case all -> true;
            case keyframes_only -> c.keyframe();
            case every_n_ms -> onCadence(c.frameTMs(), c.previousFrameTMs(), intervalMs);
        };
    }

    /** Whether a kept event gives a row. */
    public boolean keepsEventRow(Candidate event) {
        return mode == SamplingMode.event_only || keepActionFrames || selectsFrame(event);
    }

    /** The first frame of its window: no earlier frame of the session falls in the same window. */
    static boolean onCadence(long tMs, Long previousTMs, long intervalMs) {
        return previousTMs == null || Math.floorDiv(previousTMs, intervalMs) < Math.floorDiv(tMs, intervalMs);
    }
}
