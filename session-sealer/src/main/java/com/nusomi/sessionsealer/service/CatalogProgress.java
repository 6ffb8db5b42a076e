package com.nusomi.sessionsealer.service;

import com.nusomi.contracts.Topic;
import com.nusomi.sessionsealer.client.KafkaOffsets;
import com.nusomi.sessionsealer.config.SessionSealerConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** The progress of this sealer's two projections, shared by the projection loops and the seal checks. */
@ApplicationScoped
public class CatalogProgress {
    private final ProjectionProgress frames;
    private final ProjectionProgress events;

    CatalogProgress(SessionSealerConfig config, KafkaOffsets offsets) {
        this.frames = new ProjectionProgress(Topic.CAPTURE_FRAMES.topicName(), config.framesGroup(), offsets);
        this.events = new ProjectionProgress(Topic.EVENTS.topicName(), config.eventsGroup(), offsets);
    }

    public ProjectionProgress frames() {
        return frames;
    }

    public ProjectionProgress events() {
        return events;
    }
}
