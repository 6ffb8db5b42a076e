package com.nusomi.sessionsealer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code nusomi.session-sealer.*}: how the sealer watches sessions. */
@ConfigMapping(prefix = "nusomi.session-sealer")
public interface SessionSealerConfig {

    /** A recording session with no new frame or event for this long is stopped and sealed as abandoned. */
    @WithDefault("10m")
    Duration idleTimeout();

    /** How often stopped sessions are checked against their watermark. */
    @WithDefault("150ms")
    Duration sealCheckInterval();

    /** How often recording sessions are checked for the idle timeout. */
    @WithDefault("5s")
    Duration idleCheckInterval();

    /** Consumer group (Kafka Streams application.id) of the event extractor, whose progress on signals gates a seal. */
    @WithDefault("event-extractor")
    String extractorGroup();

    /** Consumer group of the frames projection. */
    @WithDefault("session-sealer-frames")
    String framesGroup();

    /** Consumer group of the events projection. */
    @WithDefault("session-sealer-events")
    String eventsGroup();

    /** How long a deleted session's images wait before they are removed (if no frame refers to them by then). */
    @WithDefault("10m")
    Duration blobDeletionGrace();
}
