package com.nusomi.exportplanner.service;

/**
 * {@code filter.min_event_confidence}: an event below it is dropped entirely: it is no row's action and no row's
 * {@code prior_action}, and its frame is then treated as a frame without an event (the sampling mode decides).
 */
public record EventGate(Double minConfidence) {

    public boolean keeps(Double confidence) {
        return confidence != null && (minConfidence == null || confidence >= minConfidence);
    }
}
