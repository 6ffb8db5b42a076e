package com.nusomi.eventextractor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Typed settings of the event-extractor; Kafka Streams' own settings are the {@code kafka-streams.*} keys. */
@ConfigMapping(prefix = "nusomi.event-extractor")
public interface ExtractorConfig {
    /** Apicurio Registry v3 API the Avro serdes register and resolve schemas with. */
    String registryUrl();

    /** How long a dead letter may take to be acknowledged before the stream thread fails instead of skipping. */
    @WithDefault("10s")
    Duration deadLetterTimeout();

    /** Pause before a failed stream thread is replaced, so a persistent failure does not spin. */
    @WithDefault("2s")
    Duration threadReplaceBackoff();

    /**
     * How long a sealed or deleted session is remembered, so its late frames and signals are dead-lettered rather than
     * indexed or held; by default the capture topics' retention.
     */
    @WithDefault("7d")
    Duration closedSessionRetention();

    /** How often closed sessions older than the retention are forgotten (wall clock). */
    @WithDefault("1h")
    Duration closedSessionSweep();
}
