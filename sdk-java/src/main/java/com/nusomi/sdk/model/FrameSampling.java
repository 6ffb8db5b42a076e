package com.nusomi.sdk.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Which frames become rows (SPEC §6).
 *
 * @param mode             event_only (default), every_n_ms, keyframes_only, all
 * @param intervalMs       the interval of every_n_ms
 * @param keepActionFrames always include the frames events are anchored to
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FrameSampling(String mode, Long intervalMs, Boolean keepActionFrames) {
    /** One frame every {@code intervalMs}, plus every action frame. */
    public static FrameSampling everyNMs(long intervalMs) {
        return new FrameSampling("every_n_ms", intervalMs, true);
    }

    /** Sampling by mode name alone. */
    public static FrameSampling mode(String mode) {
        return new FrameSampling(mode, null, null);
    }
}
